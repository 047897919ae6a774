import { alertMutes, alerts, type DbOrTx } from "@fincoach/db";
import { eq } from "drizzle-orm";
import type { AlertSink } from "./alert-sink.ts";
import { type AlertCandidate, type AlertView, toAlertView } from "./alert-view.ts";
import { type PriceChangeFact, subscriptionPriceChange } from "./subscription-price-change.ts";

export type Warn = (message: string, detail: Record<string, unknown>) => void;

export type RaiseOptions = {
  sinks?: readonly AlertSink[] | undefined;
  warn?: Warn | undefined;
  /** category id -> parent id; a mute on a group silences its children. Loaded when absent. */
  parents?: ReadonlyMap<string, string | null> | undefined;
};

/** The person's mutes as a predicate on a candidate. */
const mutedBy = async (db: DbOrTx, userId: string, parents?: ReadonlyMap<string, string | null>) => {
  const rows = await db.select().from(alertMutes).where(eq(alertMutes.userId, userId));
  const kinds = new Set(rows.flatMap((m) => (m.kind ? [m.kind] : [])));
  const cats = new Set(rows.flatMap((m) => (m.categoryId ? [m.categoryId] : [])));
  return (c: AlertCandidate): boolean => {
    if (kinds.has(c.kind)) return true;
    if (!c.categoryId) return false;
    const parent = parents?.get(c.categoryId);
    return cats.has(c.categoryId) || (parent != null && cats.has(parent));
  };
};

/**
 * Stores the candidates the person has not muted, each at most once per cause key
 * (INSERT ... ON CONFLICT DO NOTHING: also between two evaluations at once), then hands the
 * newly stored ones, and only those, to every sink. A muted cause is not stored at all, so
 * lifting the mute does not bring back what happened meanwhile. A failing sink is logged.
 */
export const raiseAlerts = async (
  db: DbOrTx,
  userId: string,
  candidates: readonly AlertCandidate[],
  o: RaiseOptions = {},
): Promise<AlertView[]> => {
  if (candidates.length === 0) return [];
  const muted = await mutedBy(db, userId, o.parents);
  const byKey = new Map<string, AlertCandidate>();
  for (const c of candidates) if (!muted(c) && !byKey.has(c.causeKey)) byKey.set(c.causeKey, c);
  if (byKey.size === 0) return [];
  const rows = await db
    .insert(alerts)
    .values(
      [...byKey.values()].map((c) => ({
        userId,
        kind: c.kind,
        causeKey: c.causeKey,
        transactionId: c.transactionId ?? null,
        budgetId: c.budgetId ?? null,
        categoryId: c.categoryId ?? null,
        periodStart: c.periodStart ?? null,
        details: c.details,
      })),
    )
    .onConflictDoNothing({ target: [alerts.userId, alerts.causeKey] })
    .returning();
  const raised = rows.map(toAlertView);
  if (raised.length > 0) await deliver(userId, raised, o);
  return raised;
};

const deliver = async (userId: string, raised: AlertView[], o: RaiseOptions): Promise<void> => {
  for (const sink of o.sinks ?? []) {
    try {
      await sink.raised(userId, raised);
    } catch (e) {
      o.warn?.("cannot deliver alerts", { sink: sink.name, userId, count: raised.length, err: String(e) });
    }
  }
};

/**
 * For whoever stores recurring streams: raise the price changes they found, after the
 * streams are committed. Once per stream and change, muted kinds respected, like any alert.
 */
export const raisePriceChangeAlerts = (
  db: DbOrTx,
  userId: string,
  facts: readonly PriceChangeFact[],
  o: RaiseOptions = {},
): Promise<AlertView[]> => raiseAlerts(db, userId, facts.map(subscriptionPriceChange), o);
