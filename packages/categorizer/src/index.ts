export { fitTemperature, meanNll } from "./calibration.ts";
export { defaultFeatureSettings, FeatureSettings, featureCount } from "./feature-settings.ts";
export { amountBand, type FeatureInput, type FeatureNames, featurize, type SparseRow } from "./featurize.ts";
export { type Evaluation, evaluate, expectedCalibrationError, macroF1 } from "./metrics.ts";
export { ModelManifest, onnxFileName, readModel, readOnnxFile, writeModel } from "./model-directory.ts";
export { murmur3 } from "./murmur3.ts";
export {
  ARTIFACT_FORMAT,
  ArtifactMetadata,
  METADATA_KEYS,
  Quantization,
} from "./onnx/artifact-metadata.ts";
export { encodeOnnx } from "./onnx/export-onnx.ts";
export {
  type ArtifactModel,
  type ArtifactScore,
  type ExplanationItem,
  loadModelArtifact,
  type ModelInput,
  type ScoredLabel,
  sha256Hex,
} from "./onnx/model-artifact.ts";
export { loadOnnxScorer, type OnnxScorer } from "./onnx/onnx-scorer.ts";
export { type Alternative, explain, type Prediction, predict, probabilities, type Reason } from "./predict.ts";
export {
  CalibrationFigures,
  defaultTrainOptions,
  type LabelledInput,
  MIN_CALIBRATION_ROWS,
  type Model,
  TrainingFigures,
  type TrainModelOptions,
  trainModel,
} from "./train-model.ts";
export type { TrainLoss, TrainOptions } from "./train-softmax.ts";
export { parseTransactionsCsv, type TransactionRow } from "./transactions-csv.ts";
