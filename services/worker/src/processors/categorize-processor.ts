import type { Db } from "@fincoach/db";
import { categorizeTransactions, type ScoreModel } from "@fincoach/domain";
import type { CategorizePayload } from "@fincoach/jobs";
import type { Logger } from "@fincoach/logging";

/**
 * The `categorize` job: new transactions through the categorization pipeline (rules, the
 * person's remembered merchants, then the model when a scorer is configured). Idempotent:
 * rows that something already categorized are left alone, so a retry or a duplicate job is
 * harmless. A failing model does not fail the job (that would retry the whole batch against
 * a service that is down): those rows stay uncategorized and one warning is logged.
 */
export const categorizeProcessor =
  (db: Db, o: { scoreModel?: ScoreModel | undefined; logger: Logger }) =>
  (payload: CategorizePayload): Promise<unknown> =>
    categorizeTransactions({
      ctx: { db, userId: payload.userId },
      input: { ids: payload.transactionIds },
      scoreModel: o.scoreModel,
      warn: (message, detail) => o.logger.warn({ ...detail, userId: payload.userId, jobId: payload.jobId }, message),
    });
