import type { Db } from "@fincoach/db";
import {
  type AlertSink,
  categorizeTransactions,
  evaluateAlertsQuietly,
  refreshRecurringAfterWrite,
  type ScoreModel,
} from "@fincoach/domain";
import type { CategorizePayload } from "@fincoach/jobs";
import type { Logger } from "@fincoach/logging";
import { safeError } from "@fincoach/logging";

/**
 * The `categorize` job: new transactions through the categorization pipeline (rules, the
 * person's remembered merchants, then the model when a scorer is configured). Idempotent:
 * rows that something already categorized are left alone, so a retry or a duplicate job is
 * harmless. A failing model does not fail the job (that would retry the whole batch against
 * a service that is down): those rows stay uncategorized and one warning is logged.
 */
export const categorizeProcessor =
  (db: Db, o: { scoreModel?: ScoreModel | undefined; logger: Logger; alertSinks?: readonly AlertSink[] | undefined }) =>
  async (payload: CategorizePayload): Promise<unknown> => {
    const warn = (message: string, detail: Record<string, unknown>) =>
      o.logger.warn({ ...detail, userId: payload.userId, jobId: payload.jobId }, message);
    const result = await categorizeTransactions({
      ctx: { db, userId: payload.userId },
      input: { ids: payload.transactionIds },
      scoreModel: o.scoreModel,
      warn,
    });
    // Recurring streams first: the price-change alert reads the stored streams. A failed
    // refresh is logged, never fails the job; the next refresh of the account repairs it.
    await refreshRecurringAfterWrite({
      ctx: { db, userId: payload.userId },
      transactionIds: payload.transactionIds,
    }).catch((e: unknown) => warn("cannot refresh recurring streams", { err: safeError(e) }));
    // Synced rows (mailbox, bank) arrive here in batches of their commits: alerts are
    // evaluated once they have their categories, which budget and category rules need.
    // Never fails the job (evaluateAlertsQuietly); a retry raises nothing twice.
    await evaluateAlertsQuietly(db, payload.userId, payload.transactionIds, { sinks: o.alertSinks, warn });
    return result;
  };
