import { z } from "zod";
import { defaultFeatureSettings, type FeatureSettings, featureCount } from "./feature-settings.ts";
import { type FeatureInput, featurize } from "./featurize.ts";
import { packRows } from "./sparse-matrix.ts";
import { type TrainOptions, trainSoftmax } from "./train-softmax.ts";

/** How training went; deterministic (no clock), so two runs give the same model.json. */
export const TrainingFigures = z.object({
  rows: z.number().int(),
  classes: z.number().int(),
  seed: z.number().int(),
  epochs: z.number().int(),
  learningRate: z.number(),
  l2: z.number(),
  /** Mean cross-entropy per epoch (progressive: each example scored before it is learned). */
  epochLoss: z.array(z.number()),
  /** Wall-clock training time: set by the command line only, and kept out of the ONNX files so they stay reproducible. */
  seconds: z.number().nonnegative().optional(),
});
export type TrainingFigures = z.infer<typeof TrainingFigures>;

/**
 * A trained categorizer: `weights[feature * labels.length + class]`; class scores are divided by
 * `temperature` before the softmax (1 = uncalibrated).
 */
export type Model = {
  labels: string[];
  settings: FeatureSettings;
  training: TrainingFigures;
  weights: Float32Array;
  temperature: number;
};

export type LabelledInput = FeatureInput & { category: string };

/**
 * Chosen on the Birmingham time split (README): steps of 0.2 and more overfit, and epochs past
 * five moved accuracy by less than a point while costing a second each.
 */
export const defaultTrainOptions: TrainOptions = { seed: 1, epochs: 5, learningRate: 0.1, l2: 1e-6 };

/**
 * Trains a model on labelled rows. Labels are sorted by code unit (never by locale), so the
 * model does not depend on the rows' order beyond what the seeded shuffle does.
 */
export const trainModel = (
  rows: readonly LabelledInput[],
  options: Partial<TrainOptions> = {},
  settings: FeatureSettings = defaultFeatureSettings,
): Model => {
  const o = { ...defaultTrainOptions, ...options };
  const labels = [...new Set(rows.map((r) => r.category))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  // A single label has nothing to choose between, and softmax over one class is always 1.
  if (labels.length < 2) throw new Error(`training needs at least two categories, not ${labels.length}`);
  const labelIndex = new Map(labels.map((l, i) => [l, i]));
  const x = packRows(rows.map((r) => featurize(r, settings)));
  const y = Int32Array.from(rows, (r) => labelIndex.get(r.category)!);
  const { weights, epochLoss } = trainSoftmax(x, y, labels.length, featureCount(settings), o);
  const training = { rows: rows.length, classes: labels.length, ...o, epochLoss };
  return { labels, settings, training, weights, temperature: 1 };
};
