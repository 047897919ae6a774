import type { CategorizeItem, CategorizeResult, CategorizeSource } from "@fincoach/contracts";
import { CategorizeItem as CategorizeItemSchema } from "@fincoach/contracts";
import { z } from "zod";
import { toMinor } from "../shared/amounts.ts";
import type { Ctx } from "../shared/context.ts";
import { parseInput } from "../transactions/parse-input.ts";
import { decideCategories, type PipelineWarn } from "./decide-categories.ts";
import type { ScoreModel } from "./model-scorer.ts";
import { loadPipelineSettings } from "./pipeline-settings.ts";

/** Most rows one call categorizes (the ML contract's limit): larger sets go in several batches. */
export const CATEGORIZE_BATCH_MAX = 1000;

export type CategorizeBatchArgs = {
  ctx: Ctx;
  items: readonly CategorizeItem[];
  /** Stages to run, in pipeline order (default all: rule, memory, model). */
  sources?: readonly CategorizeSource[] | undefined;
  /** The model stage; absent, rows no rule or memory decides stay uncategorized. */
  scoreModel?: ScoreModel | undefined;
  /** Where the once-per-batch warning goes when the model fails (default: stderr as JSON). */
  warn?: PipelineWarn | undefined;
};

const Items = z.array(CategorizeItemSchema).max(CATEGORIZE_BATCH_MAX);

/**
 * Categorizes up to 1,000 rows for the context's person without writing anything: the
 * person's rules, then their remembered corrections, then the model (one call), each row's
 * result in input order. The ML service's `POST /v1/categorize` and the API's writes both
 * run this pipeline. Amounts must fit their currency's decimals (VALIDATION naming the row).
 */
export const categorizeBatch = async ({
  ctx,
  items,
  sources,
  scoreModel,
  warn,
}: CategorizeBatchArgs): Promise<CategorizeResult[]> => {
  const rows = parseInput(Items, items);
  if (rows.length === 0) return [];
  const subjects = rows.map((item, i) => ({
    id: item.id,
    description: item.description,
    merchant: item.merchant ?? null,
    amountMinor: toMinor(`${i}.amount`, item.amount, item.currency),
    currency: item.currency,
    date: item.date,
    accountId: item.accountId ?? null,
  }));
  const settings = await loadPipelineSettings(ctx.db, ctx.userId);
  return decideCategories({ db: ctx.db, settings, sources, scoreModel, warn }, subjects);
};
