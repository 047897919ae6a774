import { type DbOrTx, transactions } from "@fincoach/db";
import { and, eq, gte } from "drizzle-orm";
import { todayIn } from "../analytics/today-in.ts";
import { addDays } from "../budgets/calendar-date.ts";
import type { AlertView } from "./alert-view.ts";
import type { EvaluateOptions } from "./evaluate-alerts.ts";
import { evaluateAlertsQuietly } from "./evaluate-alerts-quietly.ts";

/** The longest budget period (a leap year): older rows can touch no current period. */
const LONGEST_PERIOD_DAYS = 366;

/**
 * Alerts for the rows an import added (`transactions.import_id`). Only rows dated within the
 * last LONGEST_PERIOD_DAYS can raise anything (transaction rules look at the last 30 days,
 * budget rules at current periods), so they are read through the person's date index
 * (transactions_user_date_idx) rather than by import id, which has no index: the read is
 * bounded by a year of the person's rows however large the file. The evaluator then works in
 * batches of EVALUATION_BATCH. Never throws. Re-running it raises nothing new.
 */
export const evaluateImportAlerts = async (
  db: DbOrTx,
  userId: string,
  importId: string,
  o: EvaluateOptions = {},
): Promise<AlertView[]> => {
  try {
    const from = addDays(todayIn(o.timeZone ?? "UTC", o.now ?? new Date()), -LONGEST_PERIOD_DAYS);
    const ids = (
      await db
        .select({ id: transactions.id })
        .from(transactions)
        .where(and(eq(transactions.userId, userId), gte(transactions.date, from), eq(transactions.importId, importId)))
    ).map((r) => r.id);
    return await evaluateAlertsQuietly(db, userId, ids, o);
  } catch (e) {
    o.warn?.("alert evaluation failed", {
      userId,
      importId,
      err: e instanceof Error ? e.message.split("\n")[0] : String(e),
    });
    return [];
  }
};
