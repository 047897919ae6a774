import { type Budget, budgets, type DbOrTx, transactionSplits } from "@fincoach/db";
import { and, eq, inArray } from "drizzle-orm";
import { todayIn } from "../analytics/today-in.ts";
import { budgetCurrent } from "../budgets/budget-current.ts";
import { periodContaining } from "../budgets/budget-period.ts";
import { addDays, type CalendarDate } from "../budgets/calendar-date.ts";
import { budgetPace } from "../budgets/get-budget-pace.ts";
import { toMinor } from "../shared/amounts.ts";
import type { AlertSink } from "./alert-sink.ts";
import type { AlertCandidate, AlertView } from "./alert-view.ts";
import { budgetOver } from "./budget-over.ts";
import { budgetProjectedOverrun } from "./budget-projected-overrun.ts";
import { duplicateCharge } from "./duplicate-charge.ts";
import { largeTransaction } from "./large-transaction.ts";
import { raiseAlerts, type Warn } from "./raise-alerts.ts";
import { priceChangeFacts, subscriptionPriceChange } from "./subscription-price-change.ts";
import { loadTransactionFacts } from "./transaction-facts.ts";
import { unusualCharge } from "./unusual-charge.ts";

/** Transactions evaluated together: one history window and one insert per batch. */
export const EVALUATION_BATCH = 500;
/**
 * Transaction alerts are for what is happening now: an arrival dated more than this many
 * days before today (an imported statement's history) is history for the others, not news.
 */
export const RECENT_DAYS = 30;

export type EvaluateOptions = {
  sinks?: readonly AlertSink[] | undefined;
  warn?: Warn | undefined;
  /** The clock (tests); default now. */
  now?: Date | undefined;
  /** Decides what today is (the current budget period); FinCoach stores no zone per person yet: UTC. */
  timeZone?: string | undefined;
  batchSize?: number | undefined;
};

/**
 * Runs every alert rule on newly arrived transactions (created, imported, synced), after
 * they are committed, and raises what is new (once per cause; muted ones never). Per batch of
 * EVALUATION_BATCH ids: the transaction rules (unusual charge, duplicate charge, large income
 * or spend) on arrivals from the last RECENT_DAYS days, and price changes of the recurring
 * streams they belong to; then, once, the budget rules for the current period of every
 * budget on a category (or its group) the arrivals touched. Returns the newly raised alerts.
 * It throws on a database failure: callers that must not fail use evaluateAlertsQuietly.
 */
export const evaluateAlertsForTransactions = async (
  db: DbOrTx,
  userId: string,
  transactionIds: readonly string[],
  o: EvaluateOptions = {},
): Promise<AlertView[]> => {
  const timeZone = o.timeZone ?? "UTC";
  const today = todayIn(timeZone, o.now ?? new Date());
  const size = o.batchSize ?? EVALUATION_BATCH;
  const raised: AlertView[] = [];
  const touched = new Set<string>();
  let parents: ReadonlyMap<string, string | null> | undefined;
  for (let i = 0; i < transactionIds.length; i += size) {
    const ids = transactionIds.slice(i, i + size);
    const facts = await loadTransactionFacts(db, userId, ids, addDays(today, -RECENT_DAYS));
    parents = facts.parents;
    for (const t of facts.arrived) if (t.counts && t.categoryId) touched.add(t.categoryId);
    for (const c of await splitCategories(db, userId, ids)) touched.add(c);
    const candidates: AlertCandidate[] = [];
    for (const tx of facts.recent)
      for (const rule of [unusualCharge, duplicateCharge, largeTransaction]) {
        const c = rule(tx, facts.window);
        if (c) candidates.push(c);
      }
    for (const f of await priceChangeFacts(db, userId, ids)) candidates.push(subscriptionPriceChange(f));
    raised.push(...(await raiseAlerts(db, userId, candidates, { ...o, parents })));
  }
  if (touched.size > 0) {
    const candidates = await budgetCandidates(db, userId, touched, parents, today, timeZone);
    raised.push(...(await raiseAlerts(db, userId, candidates, { ...o, parents })));
  }
  return raised;
};

/** The categories of the arrivals' split rows (a split transaction has no category of its own). */
const splitCategories = async (db: DbOrTx, userId: string, ids: readonly string[]): Promise<string[]> =>
  (
    await db
      .selectDistinct({ id: transactionSplits.categoryId })
      .from(transactionSplits)
      .where(and(eq(transactionSplits.userId, userId), inArray(transactionSplits.transactionId, [...ids])))
  ).flatMap((r) => (r.id ? [r.id] : []));

/**
 * budget_over and budget_projected_overrun for the period containing today of every budget
 * on a touched category or its group. Past periods are not alerted: importing last year's
 * statement is not a slip happening now.
 */
const budgetCandidates = async (
  db: DbOrTx,
  userId: string,
  touched: ReadonlySet<string>,
  parents: ReadonlyMap<string, string | null> | undefined,
  today: CalendarDate,
  timeZone: string,
): Promise<AlertCandidate[]> => {
  const categoryIds = new Set(touched);
  for (const c of touched) {
    const parent = parents?.get(c);
    if (parent) categoryIds.add(parent);
  }
  const rows: Budget[] = await db
    .select()
    .from(budgets)
    .where(and(eq(budgets.userId, userId), inArray(budgets.categoryId, [...categoryIds])));
  const out: AlertCandidate[] = [];
  for (const budget of rows) {
    if (budget.startDate > today) continue;
    const period = periodContaining(budget.period, today);
    const current = await budgetCurrent(db, budget, today);
    const spentMinor = toMinor("spent", current.spent, budget.currency);
    const availableMinor = budget.amountMinor + toMinor("rolledOver", current.rolledOver, budget.currency);
    const over = budgetOver(budget, period, { spentMinor, availableMinor });
    if (over) {
      out.push(over);
      continue;
    }
    const projected = budgetProjectedOverrun(budget, await budgetPace(db, budget, today, timeZone));
    if (projected) out.push(projected);
  }
  return out;
};
