import { InferenceSession, Tensor } from "onnxruntime-node";
import { type FeatureInput, featurize, type SparseRow } from "../featurize.ts";
import { readOnnxFile } from "../model-directory.ts";

/** Scores batches with onnxruntime: featurized in TypeScript, then one `session.run` per batch. */
export type OnnxScorer = {
  labels: string[];
  /** Class probabilities, row-major [inputs.length × labels.length], in `labels` order. */
  probabilities: (inputs: readonly FeatureInput[]) => Promise<Float32Array>;
  close: () => Promise<void>;
};

/**
 * Pads sparse rows to the batch's longest with index 0 / value 0 (a zero value adds nothing,
 * whatever feature 0's weights are), as the graph's `indices` int64 [N, K] and `values` [N, K].
 */
export const padRows = (rows: readonly SparseRow[]): { indices: Tensor; values: Tensor } => {
  const width = Math.max(1, ...rows.map((r) => r.indices.length));
  const indices = new BigInt64Array(rows.length * width);
  const values = new Float32Array(rows.length * width);
  rows.forEach((row, i) => {
    for (let q = 0; q < row.indices.length; q++) indices[i * width + q] = BigInt(row.indices[q]!);
    values.set(row.values, i * width);
  });
  return {
    indices: new Tensor("int64", indices, [rows.length, width]),
    values: new Tensor("float32", values, [rows.length, width]),
  };
};

/**
 * Loads a model directory's `model.onnx` (refused unless its sha256 matches model.json) into an
 * onnxruntime session. `sessionOptions` pass through, e.g. `{ intraOpNumThreads: 1 }`.
 */
export const loadOnnxScorer = async (
  dir: string,
  sessionOptions: InferenceSession.SessionOptions = {},
): Promise<OnnxScorer> => {
  const { manifest, bytes } = await readOnnxFile(dir);
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
