import { Tensor } from "onnxruntime-node";
import type { SparseRow } from "../featurize.ts";

/**
 * Pads sparse rows to the batch's longest with index 0 / value 0 (a zero value adds nothing,
 * whatever feature 0's weights are), as the graph's `indices` int32 [N, K] and `values` [N, K].
 */
export const padRows = (rows: readonly SparseRow[]): { indices: Tensor; values: Tensor } => {
  let width = 1;
  for (const r of rows) width = Math.max(width, r.indices.length);
  const indices = new Int32Array(rows.length * width);
  const values = new Float32Array(rows.length * width);
  rows.forEach((row, i) => {
    indices.set(row.indices, i * width);
    values.set(row.values, i * width);
  });
  return {
    indices: new Tensor("int32", indices, [rows.length, width]),
    values: new Tensor("float32", values, [rows.length, width]),
  };
};
