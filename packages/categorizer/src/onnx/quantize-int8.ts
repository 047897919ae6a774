/**
 * Symmetric int8 with one scale per row (per feature): w ≈ q × scale, q in [-127, 127].
 * A scale per feature rather than per class keeps rare n-grams' small weights from being
 * rounded to zero by the intercept's and amount bands' large ones.
 */
export const quantizeRows = (rows: Float32Array, classes: number): { weights: Int8Array; scales: Float32Array } => {
  const count = rows.length / classes;
  const weights = new Int8Array(rows.length);
  const scales = new Float32Array(count);
  for (let r = 0; r < count; r++) {
    let max = 0;
    for (let k = 0; k < classes; k++) max = Math.max(max, Math.abs(rows[r * classes + k]!));
    if (max === 0) continue;
    const scale = Math.fround(max / 127);
    scales[r] = scale;
    for (let k = 0; k < classes; k++)
      weights[r * classes + k] = Math.max(-127, Math.min(127, Math.round(rows[r * classes + k]! / scale)));
  }
  return { weights, scales };
};
