import type { Db } from "@fincoach/db";
import { categorizeTransactions } from "@fincoach/domain";
import type { CategorizePayload } from "@fincoach/jobs";

/**
 * The `categorize` job: new transactions through the categorization pipeline (rules, the
 * person's remembered merchants; the model when a scorer is wired). Idempotent: rows that
 * something already categorized are left alone, so a retry or a duplicate job is harmless.
 */
export const categorizeProcessor =
  (db: Db) =>
  (payload: CategorizePayload): Promise<unknown> =>
    categorizeTransactions({ ctx: { db, userId: payload.userId }, input: { ids: payload.transactionIds } });
