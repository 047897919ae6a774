import type { SparseRow } from "./featurize.ts";

/** Rows packed end to end (CSR): row i is `indices/values[rowStart[i] .. rowStart[i+1])`. */
export type SparseMatrix = { rows: number; rowStart: Int32Array; indices: Int32Array; values: Float32Array };

/** Packs sparse rows into one CSR matrix, so a training epoch walks flat typed arrays. */
export const packRows = (rows: readonly SparseRow[]): SparseMatrix => {
  const rowStart = new Int32Array(rows.length + 1);
  for (let i = 0; i < rows.length; i++) rowStart[i + 1] = rowStart[i]! + rows[i]!.indices.length;
  const indices = new Int32Array(rowStart[rows.length]!);
  const values = new Float32Array(indices.length);
  rows.forEach((row, i) => {
    indices.set(row.indices, rowStart[i]);
    values.set(row.values, rowStart[i]);
  });
  return { rows: rows.length, rowStart, indices, values };
};
