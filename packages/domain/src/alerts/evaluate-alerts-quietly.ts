import type { DbOrTx } from "@fincoach/db";
import type { AlertView } from "./alert-view.ts";
import { type EvaluateOptions, evaluateAlertsForTransactions } from "./evaluate-alerts.ts";

/**
 * evaluateAlertsForTransactions for the paths that added the rows (create, import, sync):
 * it never throws, since the rows are committed and an alert evaluation that failed must not
 * fail (or retry) the work that stored them. A failure is logged through `warn`; the alerts
 * it would have raised are lost for these rows (a later arrival re-checks the budgets).
 */
export const evaluateAlertsQuietly = async (
  db: DbOrTx,
  userId: string,
  transactionIds: readonly string[],
  o: EvaluateOptions = {},
): Promise<AlertView[]> => {
  if (transactionIds.length === 0) return [];
  try {
    return await evaluateAlertsForTransactions(db, userId, transactionIds, o);
  } catch (e) {
    o.warn?.("alert evaluation failed", {
      userId,
      count: transactionIds.length,
      err: e instanceof Error ? e.message.split("\n")[0] : String(e),
    });
    return [];
  }
};
