import { type LabelSelector, matchesLabelSelector, type ScheduleHandoff } from "@fincoach/contracts";
import { type ConnectionType, connections, type Db } from "@fincoach/db";
import { eq } from "drizzle-orm";

/** One connection a run syncs. */
export type ScheduledConnection = { id: string; userId: string; type: ConnectionType };

/** The connection types a schedule's `source` covers. */
export const TYPES_OF_SOURCE: Record<ScheduleHandoff["source"], readonly ConnectionType[]> = {
  mail: ["imap"],
  bank: ["plaid"],
  all: ["imap", "plaid"],
};

/** The labels a `userSelector` is matched against (docs/operator-contracts.md). */
export const USER_LABELS = {
  userId: "fincoach.dev/user-id",
  mailConnected: "fincoach.dev/mail-connected",
  bankConnected: "fincoach.dev/bank-connected",
} as const;

/** Labels beat derives for each user from their active connections. */
export const userLabels = (rows: readonly ScheduledConnection[]): Map<string, Record<string, string>> => {
  const labels = new Map<string, Record<string, string>>();
  for (const c of rows) {
    let l = labels.get(c.userId);
    if (!l) {
      l = { [USER_LABELS.userId]: c.userId };
      labels.set(c.userId, l);
    }
    l[c.type === "imap" ? USER_LABELS.mailConnected : USER_LABELS.bankConnected] = "true";
  }
  return labels;
};

const isEmpty = (s: LabelSelector): boolean => !Object.keys(s.matchLabels ?? {}).length && !s.matchExpressions?.length;

/**
 * The connections one run of `schedule` syncs: active ones (a disabled connection is off by
 * its owner's choice; one needing attention would only fail again until its owner fixes
 * it) of the source's types, of users the selector matches.
 */
export const selectConnections = async (
  db: Db,
  schedule: Pick<ScheduleHandoff, "source" | "userSelector">,
): Promise<ScheduledConnection[]> => {
  const active = await db
    .select({ id: connections.id, userId: connections.userId, type: connections.type })
    .from(connections)
    .where(eq(connections.status, "active"))
    .orderBy(connections.id);
  const types = TYPES_OF_SOURCE[schedule.source];
  const ofSource = active.filter((c) => types.includes(c.type));
  if (isEmpty(schedule.userSelector)) return ofSource;
  const labels = userLabels(active);
  return ofSource.filter((c) => matchesLabelSelector(schedule.userSelector, labels.get(c.userId) ?? {}));
};
