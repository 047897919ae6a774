import type { LabelledInput, TrainModelOptions } from "@fincoach/categorizer";
import type { DbOrTx, ModelVersionRow } from "@fincoach/db";
import { registerModelVersion, type StoredArtifact } from "@fincoach/domain";
import type { ArtifactStoreConfig } from "../env.ts";
import { type EncodedModel, encodeTrainedModel } from "./encode-trained-model.ts";
import { storeArtifact } from "./store-artifact.ts";

export type TrainVersionInput = {
  rows: readonly LabelledInput[];
  model: string;
  version: string;
  /** A person's own model; null for a shared one. */
  userId: string | null;
  store: ArtifactStoreConfig;
  options?: Partial<TrainModelOptions>;
  /** How to train (default: on this thread; a serving process passes trainInThread). */
  train?: (
    rows: readonly LabelledInput[],
    options?: Partial<TrainModelOptions>,
  ) => EncodedModel | Promise<EncodedModel>;
};

export type TrainedVersion = { artifact: StoredArtifact; row: ModelVersionRow; created: boolean; seconds: number };

/**
 * Trains a model, stores its ONNX artifact and registers the version. Deterministic up to the
 * registration: the same rows and options give the same bytes, so the same sha256 and URI.
 */
export const trainVersion = async (db: DbOrTx, input: TrainVersionInput): Promise<TrainedVersion> => {
  const { bytes, labels, training, seconds } = await (input.train ?? encodeTrainedModel)(input.rows, input.options);
  const artifact = await storeArtifact(bytes, input.store, db);
  const { row, created } = await registerModelVersion({
    ctx: { db },
    input: {
      model: input.model,
      version: input.version,
      userId: input.userId,
      artifactUri: artifact.uri,
      artifactSha256: artifact.sha256,
      format: "onnx",
      labels,
      training: { ...training, seconds: Math.round(seconds * 100) / 100, bytes: artifact.size },
    },
  });
  return { artifact, row, created, seconds };
};
