import { encodeOnnx, type LabelledInput, type TrainModelOptions, trainModel } from "@fincoach/categorizer";

export type EncodedModel = { bytes: Uint8Array; labels: string[]; training: Record<string, unknown>; seconds: number };

/** Trains and encodes as one ONNX file (fp32): pure CPU work, deterministic for the same rows. */
export const encodeTrainedModel = (
  rows: readonly LabelledInput[],
  options?: Partial<TrainModelOptions>,
): EncodedModel => {
  const started = performance.now();
  const model = trainModel(rows, options);
  const bytes = encodeOnnx(model, "fp32");
  return { bytes, labels: model.labels, training: model.training, seconds: (performance.now() - started) / 1000 };
};
