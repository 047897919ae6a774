import { decideCategories, defaultWarn, type PipelineWarn } from "../categorization/decide-categories.ts";
import { decisionColumns } from "../categorization/decision-columns.ts";
import { merchantKeyCache } from "../categorization/merchant-key.ts";
import { lookupMerchantMemories } from "../categorization/merchant-memory-lookup.ts";
import type { ScoreModel } from "../categorization/model-scorer.ts";
import { loadPipelineSettings } from "../categorization/pipeline-settings.ts";
import { stopAfterFailure } from "../categorization/stop-after-failure.ts";
import type { Ctx } from "../shared/context.ts";
import type { ImportRow } from "./import-rows.ts";
import { oneCallAtATime } from "./one-call-at-a-time.ts";

export type CategorizeImportArgs = {
  ctx: Ctx;
  account: { id: string; currency: string };
  /** The import's rows: their merchants' remembered corrections are read up front. */
  rows: readonly ImportRow[];
  scoreModel?: ScoreModel | undefined;
  warn?: PipelineWarn | undefined;
};

/** Decides one batch of at most 1,000 rows: the rows back, the decided ones with their decision. */
export type ImportCategorizer = (batch: readonly ImportRow[]) => Promise<readonly ImportRow[]>;

const NO_MEMORIES: ReadonlyMap<string, string> = new Map();

/**
 * The import's categorizer, or null when nothing could decide a row (no rules, no remembered
 * corrections, no model): the import then skips the pipeline. Call it BEFORE the import's
 * transaction opens: it reads everything the pipeline needs from the database here (the
 * person's rules, threshold and categories, and their remembered corrections for the
 * import's distinct merchants, one query), so the batches it decides during the COPY never
 * ask the pool for a second connection while the transaction holds one (with a pool of one,
 * or enough imports at once, that second connection would never come). Each distinct
 * descriptor is normalized once per import, a model failure is told once, and a failed
 * model is not asked again (stopAfterFailure). The COPY calls it for up to two batches ahead
 * of the one PostgreSQL takes in, so batches are decided concurrently; the model still gets
 * one call at a time, in batch order.
 */
export const importCategorizer = async ({
  ctx,
  account,
  rows,
  scoreModel,
  warn,
}: CategorizeImportArgs): Promise<ImportCategorizer | null> => {
  const settings = await loadPipelineSettings(ctx.db, ctx.userId);
  if (settings.rules.length === 0 && !settings.hasMemories && !scoreModel) return null;
  const keyOf = merchantKeyCache();
  // Every row's key, rule-decided ones included: which rows the rules leave open is only
  // known batch by batch, and the normalizing is cached for the later stages anyway.
  const memories = settings.hasMemories
    ? await lookupMerchantMemories(
        ctx.db,
        ctx.userId,
        rows.map((r) => keyOf(r.description, r.merchant ?? null)),
      )
    : NO_MEMORIES;
  let warned = false;
  const warnOnce: PipelineWarn = (message, detail) => {
    if (!warned) (warn ?? defaultWarn)(message, detail);
    warned = true;
  };
  // Imports store only the pick and alternatives, so the model is spared its explanations.
  // One call at a time, outside stopAfterFailure: batches are decided ahead of the COPY, and
  // a queued call must see an earlier failure rather than be sent alongside it.
  const guardedModel = oneCallAtATime(
    stopAfterFailure(scoreModel && ((userId, items) => scoreModel(userId, items, { explain: false }))),
  );
  return async (batch) => {
    const subjects = batch.map((r) => ({
      description: r.description,
      merchant: r.merchant ?? null,
      amountMinor: r.amountMinor,
      currency: account.currency,
      date: r.date,
      accountId: account.id,
    }));
    const results = await decideCategories(
      { memories, settings, scoreModel: guardedModel, warn: warnOnce, keyOf },
      subjects,
    );
    const now = new Date();
    return batch.map((r, i) => {
      const result = results[i]!;
      const decided = result.source !== null || result.tags.length > 0;
      return decided ? { ...r, decision: decisionColumns(result, now), tags: result.tags } : r;
    });
  };
};
