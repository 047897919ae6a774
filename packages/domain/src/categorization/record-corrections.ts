import { type DbOrTx, merchantMemories, type Transaction } from "@fincoach/db";
import { sql } from "drizzle-orm";
import type { FeedbackInput } from "../feedback/record-feedback.ts";
import { recordFeedbackBatch } from "../feedback/record-feedback.ts";
import { merchantKeyOf } from "./merchant-key.ts";

/** What a correction needs to know about a row before the person changed its category. */
export type CorrectedRow = Pick<
  Transaction,
  | "id"
  | "description"
  | "merchant"
  | "categoryId"
  | "categorySource"
  | "categoryConfidence"
  | "categoryModel"
  | "categoryModelVersion"
  | "suggestedCategoryId"
>;

const AUTOMATIC = new Set(["rule", "memory", "model"]);

/**
 * The feedback a change earns: none when the person had decided it themselves (or nothing
 * had); `accepted` when they took the suggestion; `corrected` otherwise.
 */
export const correctionFeedback = (
  row: CorrectedRow,
  categoryId: string | null,
  merchantKey: string,
): FeedbackInput | null => {
  if (row.categorySource === null || !AUTOMATIC.has(row.categorySource)) return null;
  const accepted =
    row.categoryId === null && row.suggestedCategoryId !== null && categoryId === row.suggestedCategoryId;
  return {
    transactionId: row.id,
    source: row.categorySource,
    ...(row.categoryModel ? { model: row.categoryModel } : {}),
    ...(row.categoryModelVersion ? { modelVersion: row.categoryModelVersion } : {}),
    merchantKey: merchantKey.slice(0, 500),
    predictedCategoryId: row.categoryId ?? row.suggestedCategoryId,
    finalCategoryId: categoryId,
    outcome: accepted ? "accepted" : "corrected",
  };
};

/**
 * After the person changed the category of `rows` to `categoryId` (call inside the DB
 * transaction that changed them, with only the rows whose category changed): remembers the
 * choice for each normalized merchant, counting identical corrections in a row (a different
 * category restarts the count at this batch's size), and records feedback against the
 * source and model version that had decided each row.
 */
export const recordCorrections = async (
  db: DbOrTx,
  userId: string,
  rows: readonly CorrectedRow[],
  categoryId: string | null,
): Promise<void> => {
  if (rows.length === 0) return;
  const keys = rows.map((r) => merchantKeyOf(r.description, r.merchant));
  if (categoryId !== null) {
    const counts = new Map<string, number>();
    for (const key of keys) if (key) counts.set(key, (counts.get(key) ?? 0) + 1);
    if (counts.size > 0) {
      const m = merchantMemories;
      await db
        .insert(m)
        .values([...counts].map(([merchantKey, n]) => ({ userId, merchantKey, categoryId, corrections: n })))
        .onConflictDoUpdate({
          target: [m.userId, m.merchantKey],
          set: {
            corrections: sql`case when ${m.categoryId} = excluded.category_id then ${m.corrections} + excluded.corrections else excluded.corrections end`,
            categoryId: sql`excluded.category_id`,
            updatedAt: sql`now()`,
          },
        });
    }
  }
  const inputs = rows.flatMap((r, i) => correctionFeedback(r, categoryId, keys[i]!) ?? []);
  await recordFeedbackBatch({ ctx: { db, userId }, inputs });
};
