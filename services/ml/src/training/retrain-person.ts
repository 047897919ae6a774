import type { LabelledInput } from "@fincoach/categorizer";
import type { DbOrTx } from "@fincoach/db";
import { listLabelledHistory, listModelVersions } from "@fincoach/domain";
import type { ArtifactStoreConfig } from "../env.ts";
import { modelAmount } from "../scoring/model-input.ts";
import type { EncodedModel } from "./encode-trained-model.ts";
import { type TrainedVersion, trainVersion } from "./train-version.ts";

/** A person's own model is registered under this name (user_id set on every version). */
export const personModelName = (userId: string): string => `person-${userId}`;

export type RetrainPersonOptions = {
  store: ArtifactStoreConfig;
  minRows: number;
  minCategories: number;
  train?: (rows: readonly LabelledInput[]) => Promise<EncodedModel>;
};

export type RetrainOutcome =
  | { status: "trained"; version: TrainedVersion }
  | { status: "skipped"; reason: string; rows: number; categories: number };

/**
 * Trains the person's next own version from the categories they stand behind (their labels
 * are their category ids), once there are enough rows over enough categories; below that,
 * the shared model keeps serving them.
 */
export const retrainPerson = async (
  db: DbOrTx,
  userId: string,
  options: RetrainPersonOptions,
): Promise<RetrainOutcome> => {
  const history = await listLabelledHistory({ ctx: { db, userId } });
  const categories = new Set(history.map((r) => r.categoryId)).size;
  if (history.length < options.minRows || categories < options.minCategories)
    return {
      status: "skipped",
      reason: `needs ${options.minRows} labelled rows over ${options.minCategories} categories`,
      rows: history.length,
      categories,
    };
  const model = personModelName(userId);
  const existing = await listModelVersions({ ctx: { db }, filter: { model } });
  const rows: LabelledInput[] = history.map((r) => ({
    description: r.description,
    amount: modelAmount(r.amount),
    ...(r.merchant ? { merchant: r.merchant } : {}),
    // The latest rows are held out to calibrate the confidences.
    date: r.date,
    category: r.categoryId,
  }));
  const version = await trainVersion(db, {
    rows,
    model,
    version: `v${existing.length + 1}`,
    userId,
    store: options.store,
    ...(options.train ? { train: options.train } : {}),
  });
  return { status: "trained", version };
};
