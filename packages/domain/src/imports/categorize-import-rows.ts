import { CATEGORIZE_BATCH_MAX } from "../categorization/categorize-batch.ts";
import { decideCategories, defaultWarn, type PipelineWarn } from "../categorization/decide-categories.ts";
import { decisionColumns } from "../categorization/decision-columns.ts";
import { merchantKeyCache } from "../categorization/merchant-key.ts";
import type { ScoreModel } from "../categorization/model-scorer.ts";
import { loadPipelineSettings } from "../categorization/pipeline-settings.ts";
import { stopAfterFailure } from "../categorization/stop-after-failure.ts";
import type { Ctx } from "../shared/context.ts";
import type { ImportRow } from "./import-rows.ts";

export type CategorizeImportArgs = {
  ctx: Ctx;
  account: { id: string; currency: string };
  rows: readonly ImportRow[];
  scoreModel?: ScoreModel | undefined;
  warn?: PipelineWarn | undefined;
};

/**
 * The rows with the pipeline's decision attached, decided in batches of at most 1,000 (one
 * model call each), before the import's DB transaction opens so no model call holds it.
 * The person's rules and threshold are read once per import, and each distinct descriptor
 * is normalized once. A person with no rules, no remembered corrections and no model gets
 * the rows back untouched: nothing could decide them.
 */
export const categorizeImportRows = async ({
  ctx,
  account,
  rows,
  scoreModel,
  warn,
}: CategorizeImportArgs): Promise<readonly ImportRow[]> => {
  if (rows.length === 0) return rows;
  const settings = await loadPipelineSettings(ctx.db, ctx.userId);
  if (settings.rules.length === 0 && !settings.hasMemories && !scoreModel) return rows;
  const keyOf = merchantKeyCache();
  const out: ImportRow[] = [];
  let warned = false;
  // The model's outage is told once per import, not once per 1,000 rows.
  const warnOnce: PipelineWarn = (message, detail) => {
    if (!warned) (warn ?? defaultWarn)(message, detail);
    warned = true;
  };
  const guardedModel = stopAfterFailure(scoreModel);
  for (let start = 0; start < rows.length; start += CATEGORIZE_BATCH_MAX) {
    const batch = rows.slice(start, start + CATEGORIZE_BATCH_MAX);
    const subjects = batch.map((r) => ({
      description: r.description,
      merchant: r.merchant ?? null,
      amountMinor: r.amountMinor,
      currency: account.currency,
      date: r.date,
      accountId: account.id,
    }));
    const results = await decideCategories(
      { db: ctx.db, settings, scoreModel: guardedModel, warn: warnOnce, keyOf },
      subjects,
    );
    const now = new Date();
    batch.forEach((r, i) => {
      const result = results[i]!;
      const decided = result.source !== null || result.tags.length > 0;
      out.push(decided ? { ...r, decision: decisionColumns(result, now), tags: result.tags } : r);
    });
  }
  return out;
};
