import { transactions } from "@fincoach/db";
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Ctx } from "../shared/context.ts";
import { Uuid } from "../shared/schemas.ts";
import { parseInput } from "../transactions/parse-input.ts";
import { CATEGORIZE_BATCH_MAX } from "./categorize-batch.ts";
import { decideCategories, type PipelineWarn } from "./decide-categories.ts";
import { decisionColumns, withRuleTags } from "./decision-columns.ts";
import type { ScoreModel } from "./model-scorer.ts";
import { loadPipelineSettings } from "./pipeline-settings.ts";
import { stopAfterFailure } from "./stop-after-failure.ts";

export const CategorizeTransactions = z.object({ ids: z.array(Uuid).max(10_000) });

/**
 * Runs the pipeline on transactions already stored (a sync worker writes the rows, then
 * calls this): of `ids`, the person's rows that nothing has categorized yet (no category,
 * no source) are decided in batches of 1,000 and their category columns and rule tags
 * written. Rows the person or an earlier run categorized, and other people's ids, are left
 * alone. Returns how many rows were looked at and how many got a category.
 */
export const categorizeTransactions = async ({
  ctx,
  input,
  scoreModel,
  warn,
}: {
  ctx: Ctx;
  input: { ids: readonly string[] };
  scoreModel?: ScoreModel | undefined;
  warn?: PipelineWarn | undefined;
}): Promise<{ considered: number; categorized: number }> => {
  const { ids } = parseInput(CategorizeTransactions, input);
  const t = transactions;
  const rows = await ctx.db
    .select()
    .from(t)
    .where(
      and(
        eq(t.userId, ctx.userId),
        sql`${t.id} = any(${sql.param([...new Set(ids)])}::uuid[])`,
        isNull(t.categoryId),
        isNull(t.categorySource),
        // A split transaction's parts carry its categories.
        sql`not exists (select 1 from "transaction_splits" s where s."transaction_id" = "transactions"."id")`,
      ),
    )
    .orderBy(asc(t.id));
  if (rows.length === 0) return { considered: 0, categorized: 0 };
  const settings = await loadPipelineSettings(ctx.db, ctx.userId);
  const guardedModel = stopAfterFailure(scoreModel);
  let categorized = 0;
  for (let start = 0; start < rows.length; start += CATEGORIZE_BATCH_MAX) {
    const batch = rows.slice(start, start + CATEGORIZE_BATCH_MAX);
    const results = await decideCategories({ db: ctx.db, settings, scoreModel: guardedModel, warn }, batch);
    const now = new Date();
    const updates = batch.map((row, i) => ({
      id: row.id,
      ...decisionColumns(results[i]!, now),
      tags: withRuleTags(row.tags, results[i]!.tags),
    }));
    categorized += updates.filter((u) => u.categoryId !== null).length;
    await ctx.db.execute(sql`
      update transactions t set
        category_id = x.category_id, category_source = x.category_source,
        category_confidence = x.category_confidence, category_model = x.category_model,
        category_model_version = x.category_model_version, category_alternatives = x.category_alternatives,
        suggested_category_id = x.suggested_category_id, categorized_at = x.categorized_at, tags = x.tags
      from jsonb_to_recordset(${JSON.stringify(updates.map(toRecord))}::jsonb) as x(
        id uuid, category_id uuid, category_source text, category_confidence real, category_model text,
        category_model_version text, category_alternatives jsonb, suggested_category_id uuid,
        categorized_at timestamptz, tags text[])
      -- Still undecided: a person's edit between the read and this write wins.
      where t.id = x.id and t.user_id = ${ctx.userId} and t.category_id is null and t.category_source is null`);
  }
  return { considered: rows.length, categorized };
};

const toRecord = (u: ReturnType<typeof decisionColumns> & { id: string; tags: string[] }) => ({
  id: u.id,
  category_id: u.categoryId,
  category_source: u.categorySource,
  category_confidence: u.categoryConfidence,
  category_model: u.categoryModel,
  category_model_version: u.categoryModelVersion,
  category_alternatives: u.categoryAlternatives,
  suggested_category_id: u.suggestedCategoryId,
  categorized_at: u.categorizedAt?.toISOString() ?? null,
  tags: u.tags,
});
