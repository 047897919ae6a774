import type { ExplanationReason } from "@fincoach/contracts";

/** What the model stage sees of a transaction (the pipeline normalizes the merchant first). */
export type ModelScoreInput = {
  description: string;
  /** normalizeMerchant's key, or null when nothing merchant-like is left. */
  merchant: string | null;
  /** Signed decimal text, as the contract carries it. */
  amount: string;
  currency: string;
  date: string;
};

/** One row's model output: the labels it weighed, best first, with calibrated probabilities. */
export type ModelScore = {
  model: string;
  version: string;
  /** A person's own model (labels are their category ids) or a shared one (class names). */
  scope: "shared" | "person";
  /** Top classes, best first: the pick and up to three alternatives. */
  labels: { label: string; confidence: number }[];
  /** The features that weighed most for the pick. */
  explanation: ExplanationReason[];
};

/**
 * The model stage as the pipeline calls it: in the ML service, the versions loaded in this
 * process; in the API and workers, an HTTP call to the ML service. Rows in, one score per
 * row in the same order out. Throws when no model can answer; the pipeline then leaves
 * those rows uncategorized rather than failing the write.
 */
export type ScoreModel = (
  userId: string,
  items: readonly ModelScoreInput[],
  /**
   * `explain` (default true) false: every score's `explanation` is empty and the model skips
   * computing it. For callers that store only the pick and alternatives (imports), where
   * explanations cost the service time per row and most of the answer's bytes. Labels and
   * confidences are the same either way.
   */
  options?: { explain?: boolean },
) => Promise<ModelScore[]>;
