/** The figures `eval` prints; every fraction in [0, 1]. */
export type Evaluation = {
  rows: number;
  accuracy: number;
  macroF1: number;
  /** Accuracy over the most confident 80 % / 50 % of rows (the share a confidence threshold would keep). */
  accuracyTop80: number;
  accuracyTop50: number;
  /** Expected calibration error over 15 equal-width confidence bins (`expectedCalibrationError`). */
  ece: number;
};

type Scored = { truth: string; predicted: string; confidence: number };

/**
 * Macro-F1 over every label seen as truth or prediction, as scikit-learn's
 * `f1_score(average="macro")`: a label never predicted scores 0, so rare classes count.
 */
export const macroF1 = (rows: readonly Scored[]): number => {
  const tp = new Map<string, number>();
  const fp = new Map<string, number>();
  const fn = new Map<string, number>();
  const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  for (const r of rows) {
    if (r.truth === r.predicted) bump(tp, r.truth);
    else {
      bump(fp, r.predicted);
      bump(fn, r.truth);
    }
  }
  const labels = new Set(rows.flatMap((r) => [r.truth, r.predicted]));
  let sum = 0;
  for (const l of labels) {
    const t = tp.get(l) ?? 0;
    const denominator = 2 * t + (fp.get(l) ?? 0) + (fn.get(l) ?? 0);
    sum += denominator === 0 ? 0 : (2 * t) / denominator;
  }
  return labels.size === 0 ? 0 : sum / labels.size;
};

const accuracy = (rows: readonly Scored[]): number =>
  rows.length === 0 ? 0 : rows.filter((r) => r.truth === r.predicted).length / rows.length;

/** Accuracy of the `share` most confident rows (rounded up; ties kept in input order). */
export const confidentAccuracy = (rows: readonly Scored[], share: number): number => {
  const ranked = rows.map((r, i) => ({ r, i })).sort((a, b) => b.r.confidence - a.r.confidence || a.i - b.i);
  return accuracy(ranked.slice(0, Math.ceil(rows.length * share)).map(({ r }) => r));
};

/**
 * Expected calibration error: rows binned by confidence into `bins` equal-width bins (a
 * confidence of exactly 1 in the top one), the |accuracy − mean confidence| of each bin weighted
 * by its share of rows. 0 = every confidence is the accuracy it predicts.
 */
export const expectedCalibrationError = (rows: readonly Scored[], bins = 15): number => {
  const count = new Float64Array(bins);
  const correct = new Float64Array(bins);
  const confidence = new Float64Array(bins);
  for (const r of rows) {
    const b = Math.min(bins - 1, Math.floor(r.confidence * bins));
    count[b]!++;
    confidence[b]! += r.confidence;
    if (r.truth === r.predicted) correct[b]!++;
  }
  let ece = 0;
  for (let b = 0; b < bins; b++)
    if (count[b]! > 0)
      ece += (count[b]! / rows.length) * Math.abs(correct[b]! / count[b]! - confidence[b]! / count[b]!);
  return ece;
};

export const evaluate = (rows: readonly Scored[]): Evaluation => ({
  rows: rows.length,
  accuracy: accuracy(rows),
  macroF1: macroF1(rows),
  accuracyTop80: confidentAccuracy(rows, 0.8),
  accuracyTop50: confidentAccuracy(rows, 0.5),
  ece: expectedCalibrationError(rows),
});
