import { z } from "zod";
import { FEEDBACK_OUTCOMES } from "./ml-metrics.ts";

/**
 * The ML service's HTTP API (`services/ml`), shared by its routes and by its callers (the
 * API and the workers): categorize, feedback, and the model list. The stats endpoint the
 * operator reads is in version-stats.ts.
 */

/** At most this many transactions per categorize call. */
export const CATEGORIZE_MAX_ITEMS = 1000;

/** The pipeline's stages, in the order they are tried. */
export const CATEGORIZE_SOURCES = ["rule", "memory", "model"] as const;
export type CategorizeSource = (typeof CATEGORIZE_SOURCES)[number];

const Uuid = z.uuid();
/** Exact decimal text, never a JSON number: `-12.50`. */
const DecimalText = z.string().regex(/^-?\d{1,15}(\.\d{1,6})?$/, "must be a decimal number such as -12.50");

export const CategorizeItem = z.object({
  /** The caller's id for the row, echoed back (a transaction id, a line number). */
  id: z.string().min(1).max(200).optional(),
  description: z.string().min(1).max(2000),
  merchant: z.string().max(500).nullable().optional(),
  /** Signed: negative is money out. */
  amount: DecimalText,
  currency: z.string().regex(/^[A-Z]{3}$/, "must be an ISO 4217 code such as EUR"),
  date: z.iso.date(),
  /** Lets account conditions of the person's rules match. */
  accountId: Uuid.optional(),
});
export type CategorizeItem = z.infer<typeof CategorizeItem>;

export const CategorizeRequest = z.object({
  userId: Uuid,
  transactions: z.array(CategorizeItem).min(1).max(CATEGORIZE_MAX_ITEMS),
  /**
   * Which stages to run (default all, in pipeline order). The API runs rules and memory
   * itself, next to the rows it writes, and asks the ML service for `["model"]` only.
   */
  sources: z.array(z.enum(CATEGORIZE_SOURCES)).min(1).optional(),
});
export type CategorizeRequest = z.infer<typeof CategorizeRequest>;

/** A class the model weighed: the person's category when its label maps to one. */
export const CategoryPick = z.object({
  categoryId: Uuid.nullable(),
  label: z.string(),
  confidence: z.number().min(0).max(1),
});
export type CategoryPick = z.infer<typeof CategoryPick>;

/** One reason for a model's choice: an n-gram or amount band and how much it weighed. */
export const ExplanationReason = z.object({ feature: z.string(), weight: z.number() });
export type ExplanationReason = z.infer<typeof ExplanationReason>;

export const CategorizeResult = z.object({
  id: z.string().optional(),
  /** The person's category applied, or null (nothing matched, or the model was unsure). */
  category: Uuid.nullable(),
  /** The decider's label: the category's name for a rule or memory, the model's class. */
  label: z.string().nullable(),
  confidence: z.number().min(0).max(1).nullable(),
  /** Which stage decided (or, with a suggestion, which stage suggested); null: none did. */
  source: z.enum(CATEGORIZE_SOURCES).nullable(),
  model: z.string().nullable(),
  modelVersion: z.string().nullable(),
  /** The model's pick below the person's confidence threshold: shown, not applied. */
  suggestion: CategoryPick.nullable(),
  /** The model's next best classes (up to three). */
  alternatives: z.array(CategoryPick),
  /** The features that weighed most for the model's pick (empty for rules and memory). */
  explanation: z.array(ExplanationReason),
  /** Tags a matching rule adds. */
  tags: z.array(z.string()),
});
export type CategorizeResult = z.infer<typeof CategorizeResult>;

export const CategorizeResponse = z.object({ results: z.array(CategorizeResult) });
export type CategorizeResponse = z.infer<typeof CategorizeResponse>;

/** A person's reaction to an automatic category (recorded against the deciding version). */
export const FeedbackRequest = z.object({
  userId: Uuid,
  transactionId: Uuid.optional(),
  source: z.enum([...CATEGORIZE_SOURCES, "manual"]),
  model: z.string().min(1).max(63).optional(),
  modelVersion: z.string().min(1).max(63).optional(),
  merchantKey: z.string().max(500).optional(),
  predictedCategoryId: Uuid.nullable().optional(),
  finalCategoryId: Uuid.nullable().optional(),
  outcome: z.enum(FEEDBACK_OUTCOMES),
});
export type FeedbackRequest = z.infer<typeof FeedbackRequest>;

/** One registered version as `GET /v1/models` lists it. */
export const ModelVersionInfo = z.object({
  model: z.string(),
  version: z.string(),
  /** null: a shared model; otherwise the person whose own model this is. */
  userId: Uuid.nullable(),
  artifact: z.object({ uri: z.string(), sha256: z.string(), format: z.string() }),
  labels: z.number().int().min(0),
  /** Loaded and answering in this process. */
  serving: z.boolean(),
  /**
   * Why this process refused the version's artifact (digest mismatch, unreadable, not a model),
   * while that stands; an earlier artifact of the same version may still be serving.
   */
  refusal: z.string().nullable(),
  /** Its share of the model's traffic by the weights document (null: not in it). */
  weight: z.number().int().min(0).max(100).nullable(),
  champion: z.boolean(),
  /** Training figures as the version was registered (rows, accuracy, ECE, ...). */
  training: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
});
export type ModelVersionInfo = z.infer<typeof ModelVersionInfo>;

export const ModelsResponse = z.object({ models: z.array(ModelVersionInfo) });
export type ModelsResponse = z.infer<typeof ModelsResponse>;

/** `POST /v1/score` limits itself like categorize. */
export const SCORE_MAX_ITEMS = CATEGORIZE_MAX_ITEMS;

/** One row for the model stage alone (`POST /v1/score`): the merchant already normalized. */
export const ScoreItem = z.object({
  description: z.string().min(1).max(2000),
  /** normalizeMerchant's key, or null when nothing merchant-like is left. */
  merchant: z.string().max(500).nullable(),
  amount: DecimalText,
  currency: z.string().regex(/^[A-Z]{3}$/, "must be an ISO 4217 code such as EUR"),
  date: z.iso.date(),
});
export type ScoreItem = z.infer<typeof ScoreItem>;

/**
 * `POST /v1/score`: the model stage only, as the API's and workers' HTTP `ScoreModel` call
 * it (they run rules and memory themselves). Same shapes as the domain's `ModelScoreInput`
 * and `ModelScore`.
 */
export const ScoreRequest = z.object({
  userId: Uuid,
  items: z.array(ScoreItem).min(1).max(SCORE_MAX_ITEMS),
  /**
   * Default true. False: every score's `explanation` is `[]` and the service skips computing
   * it; labels and confidences are the same. Imports store only the pick and alternatives,
   * and explanations are most of a 1,000-row answer's bytes and a share of its time.
   */
  explain: z.boolean().optional(),
});
export type ScoreRequest = z.infer<typeof ScoreRequest>;

/** One row's model output: the labels weighed, best first, and what weighed most for the pick. */
export const ScoreResult = z.object({
  model: z.string(),
  version: z.string(),
  /** A person's own model (labels are their category ids) or a shared one (class names). */
  scope: z.enum(["shared", "person"]),
  labels: z.array(z.object({ label: z.string(), confidence: z.number().min(0).max(1) })),
  explanation: z.array(ExplanationReason),
});
export type ScoreResult = z.infer<typeof ScoreResult>;

/** One score per item, in the request's order. */
export const ScoreResponse = z.object({ scores: z.array(ScoreResult) });
export type ScoreResponse = z.infer<typeof ScoreResponse>;
