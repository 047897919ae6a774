import { InferenceSession } from "onnxruntime-node";
import { type FeatureInput, featurize } from "../featurize.ts";
import { readOnnxFile } from "../model-directory.ts";
import type { Quantization } from "./artifact-metadata.ts";
import { padRows } from "./pad-rows.ts";

/** Scores batches with onnxruntime: featurized in TypeScript, then one `session.run` per batch. */
export type OnnxScorer = {
  labels: string[];
  /** Class probabilities, row-major [inputs.length × labels.length], in `labels` order. */
  probabilities: (inputs: readonly FeatureInput[]) => Promise<Float32Array>;
  close: () => Promise<void>;
};

/**
 * Loads a model directory's `model.onnx` or `model.int8.onnx` (refused unless its sha256 matches model.json) into an
 * onnxruntime session. `sessionOptions` pass through, e.g. `{ intraOpNumThreads: 1 }`.
 */
export const loadOnnxScorer = async (
  dir: string,
  sessionOptions: InferenceSession.SessionOptions = {},
  quantization: Quantization = "fp32",
): Promise<OnnxScorer> => {
  const { manifest, bytes } = await readOnnxFile(dir, quantization);
  const session = await InferenceSession.create(bytes, sessionOptions);
  const classes = manifest.labels.length;
  return {
    labels: manifest.labels,
    probabilities: async (inputs) => {
      if (inputs.length === 0) return new Float32Array(0);
      const feeds = padRows(inputs.map((input) => featurize(input, manifest.features)));
      const { probabilities } = await session.run(feeds);
      const data = probabilities!.data as Float32Array;
      if (data.length !== inputs.length * classes)
        throw new Error(`model.onnx gave ${data.length} probabilities for ${inputs.length} rows × ${classes} classes`);
      return data;
    },
    close: () => session.release(),
  };
};
