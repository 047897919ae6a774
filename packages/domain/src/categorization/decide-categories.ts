import {
  CATEGORIZE_SOURCES,
  type CategorizeResult,
  type CategorizeSource,
  type CategoryPick,
} from "@fincoach/contracts";
import type { DbOrTx } from "@fincoach/db";
import { matchRule } from "../rules/match-rule.ts";
import { toDecimal } from "../shared/amounts.ts";
import { merchantKeyOf } from "./merchant-key.ts";
import { lookupMerchantMemories } from "./merchant-memory-lookup.ts";
import type { ModelScore, ScoreModel } from "./model-scorer.ts";
import type { PipelineSettings } from "./pipeline-settings.ts";

/** A row as the pipeline sees it: a new transaction, an import line, or an item of a categorize call. */
export type PipelineSubject = {
  id?: string | undefined;
  description: string;
  merchant: string | null;
  /** Signed minor units of `currency`: negative is money out. */
  amountMinor: bigint;
  currency: string;
  date: string;
  /** Lets account conditions of rules match; null matches no account condition. */
  accountId: string | null;
};

/** Told once per batch when the model stage could not answer (the rows stay uncategorized). */
export type PipelineWarn = (message: string, detail: Record<string, unknown>) => void;

/**
 * Where the memory stage reads the person's remembered corrections: looked up on `db`
 * (one query per batch), or a map preloaded by a caller that must not query while it runs
 * (an import reads them before its transaction opens: during the COPY its connection is
 * the only one it may hold, and a second from the pool can wait on it forever).
 */
export type MemorySource =
  | { db: DbOrTx; memories?: undefined }
  | { memories: ReadonlyMap<string, string>; db?: undefined };

export type PipelineOptions = MemorySource & {
  settings: PipelineSettings;
  /** Stages to run, in pipeline order whatever order they are given in (default: all). */
  sources?: readonly CategorizeSource[] | undefined;
  scoreModel?: ScoreModel | undefined;
  warn?: PipelineWarn | undefined;
  /** normalizeMerchant for the memory and model stages; imports pass a per-import cache. */
  keyOf?: ((description: string, merchant: string | null) => string) | undefined;
};

const undecided = (id: string | undefined): CategorizeResult => ({
  ...(id === undefined ? {} : { id }),
  category: null,
  label: null,
  confidence: null,
  source: null,
  model: null,
  modelVersion: null,
  suggestion: null,
  alternatives: [],
  explanation: [],
  tags: [],
});

/** Without a logger the warning still reaches stderr, once per batch, as a Node process warning. */
export const defaultWarn: PipelineWarn = (message, detail) =>
  process.emitWarning(`${message} ${JSON.stringify(detail)}`, "CategorizationWarning");

const clamp = (p: number) => (Number.isFinite(p) ? Math.min(1, Math.max(0, p)) : 0);

/** The model's verdict on one row: applied at or above the person's threshold, else a suggestion. */
const modelDecision = (base: CategorizeResult, score: ModelScore, settings: PipelineSettings): CategorizeResult => {
  const [top, ...rest] = score.labels;
  if (!top) return base;
  const pick = (l: { label: string; confidence: number }): CategoryPick => ({
    categoryId: settings.categories.resolve(l.label, score.scope),
    label: l.label,
    confidence: clamp(l.confidence),
  });
  const chosen = pick(top);
  const decided = {
    ...base,
    confidence: chosen.confidence,
    source: "model" as const,
    model: score.model,
    modelVersion: score.version,
    alternatives: rest.slice(0, 3).map(pick),
    explanation: score.explanation,
  };
  // An unmapped class is never applied, however sure the model is: it names no category of theirs.
  if (chosen.categoryId !== null && chosen.confidence >= settings.threshold) {
    return { ...decided, category: chosen.categoryId, label: chosen.label };
  }
  return { ...decided, suggestion: chosen };
};

/**
 * The categorization pipeline over a batch, results in input order: the person's enabled
 * rules (first match by position; a rule's tags apply even when it sets no category, and
 * then the later stages still decide the category), their remembered correction for the
 * normalized merchant, then one `scoreModel` call for the rows still open. A model that
 * throws or answers badly leaves those rows undecided (source null) and warns once.
 */
export const decideCategories = async (
  opts: PipelineOptions,
  subjects: readonly PipelineSubject[],
): Promise<CategorizeResult[]> => {
  const { settings } = opts;
  const run = new Set(opts.sources ?? CATEGORIZE_SOURCES);
  const keyOf = opts.keyOf ?? merchantKeyOf;
  const results = subjects.map((s) => undecided(s.id));
  const open = () => results.flatMap((r, i) => (r.category === null ? [i] : []));

  if (run.has("rule") && settings.rules.length > 0) {
    subjects.forEach((s, i) => {
      const rule = matchRule(settings.rules, { ...s, accountId: s.accountId ?? "" });
      if (!rule) return;
      const r = results[i]!;
      r.tags = [...rule.tags];
      if (rule.categoryId === null) return;
      Object.assign(r, {
        category: rule.categoryId,
        label: settings.categories.nameOf(rule.categoryId) ?? null,
        confidence: 1,
        source: "rule",
      });
    });
  }

  // Normalized only for the rows a later stage looks at: rules decide many without it.
  const keys: (string | undefined)[] = [];
  const keyAt = (i: number): string => (keys[i] ??= keyOf(subjects[i]!.description, subjects[i]!.merchant));
  let pending = open();
  if (run.has("memory") && settings.hasMemories && pending.length > 0) {
    const memory =
      opts.memories === undefined
        ? await lookupMerchantMemories(opts.db, settings.userId, pending.map(keyAt))
        : opts.memories;
    for (const i of pending) {
      const categoryId = memory.get(keyAt(i));
      if (categoryId === undefined) continue;
      Object.assign(results[i]!, {
        category: categoryId,
        label: settings.categories.nameOf(categoryId) ?? null,
        confidence: 1,
        source: "memory",
      });
    }
    pending = open();
  }

  // A row with no text gives the model nothing to read (and the score contract refuses it).
  pending = pending.filter((i) => subjects[i]!.description.trim() !== "");
  if (run.has("model") && opts.scoreModel && pending.length > 0) {
    const inputs = pending.map((i) => {
      const s = subjects[i]!;
      return {
        description: s.description.slice(0, 2000),
        merchant: keyAt(i).slice(0, 500) || null,
        amount: toDecimal(s.amountMinor, s.currency),
        currency: s.currency,
        date: s.date,
      };
    });
    try {
      const scores = await opts.scoreModel(settings.userId, inputs);
      if (scores.length !== inputs.length) {
        throw new Error(`the model answered ${scores.length} scores for ${inputs.length} rows`);
      }
      pending.forEach((i, k) => {
        results[i] = modelDecision(results[i]!, scores[k]!, settings);
      });
    } catch (e) {
      (opts.warn ?? defaultWarn)("model stage failed; rows left uncategorized", {
        rows: inputs.length,
        err: e instanceof Error ? e.message : String(e),
      });
    }
  }
  return results;
};
