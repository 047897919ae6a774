/** The figures `eval` prints; every fraction in [0, 1]. */
export type Evaluation = {
  rows: number;
  accuracy: number;
  macroF1: number;
  /** Accuracy over the most confident 80 % / 50 % of rows (the share a confidence threshold would keep). */
  accuracyTop80: number;
  accuracyTop50: number;
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

export const evaluate = (rows: readonly Scored[]): Evaluation => ({
  rows: rows.length,
  accuracy: accuracy(rows),
  macroF1: macroF1(rows),
  accuracyTop80: confidentAccuracy(rows, 0.8),
  accuracyTop50: confidentAccuracy(rows, 0.5),
});
