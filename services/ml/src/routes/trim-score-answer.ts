import type { ModelScore } from "@fincoach/domain";

/**
 * A confidence as the shortest decimal of at most 9 significant digits. The model's
 * probabilities are float32: 9 digits round-trip every float32 exactly
 * (`Math.fround(trimmed) === Math.fround(p)`), while JSON would print the float32 widened
 * to a double with up to 17 digits of noise. Four confidences a row, that is about a tenth
 * of a 1,000-row answer's bytes.
 */
export const trimConfidence = (p: number): number => Number(p.toPrecision(9));

/** The `/v1/score` answer's scores with trimmed confidences; everything else as scored. */
export const trimScores = (scores: readonly ModelScore[]): ModelScore[] =>
  scores.map((s) => ({
    ...s,
    labels: s.labels.map((l) => ({ label: l.label, confidence: trimConfidence(l.confidence) })),
  }));
