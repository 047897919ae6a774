import { createHash } from "node:crypto";
import onnxProto from "onnx-proto";
import { InferenceSession } from "onnxruntime-node";
import { type FeatureSettings, featureCount } from "../feature-settings.ts";
import { type FeatureInput, type FeatureNames, featurize, type SparseRow } from "../featurize.ts";
import { decodeMetadata, type Quantization } from "./artifact-metadata.ts";
import { GRAPH } from "./export-onnx.ts";
import { padRows } from "./pad-rows.ts";

const { onnx } = onnxProto;
const { DataType } = onnx.TensorProto;

/** What the model reads of a transaction (amount in major units). */
export type ModelInput = FeatureInput;

export type ScoredLabel = { label: string; confidence: number };
export type ExplanationItem = { feature: string; weight: number };
/** One input's result: its most probable labels, best first, and why the first was chosen. */
export type ArtifactScore = { labels: ScoredLabel[]; explanation: ExplanationItem[] };

/** A model served from one `.onnx` file's bytes, with everything it needs read from the file itself. */
export type ArtifactModel = {
  /** In the graph's output order. */
  readonly labels: readonly string[];
  readonly quantization: Quantization;
  readonly settings: FeatureSettings;
  /** The calibration temperature the graph divides scores by. */
  readonly temperature: number;
  /** Training figures as the file records them (rows, classes, calibration, …). */
  readonly training: Record<string, unknown>;
  /**
   * One `session.run` for the whole batch. `top` labels per input (default 4: the pick and three
   * alternatives), confidence = calibrated probability; explanation = the pick's three features
   * that weighed most (value × weight, the intercept left out), as `explain` gives.
   */
  score(inputs: readonly ModelInput[], top?: number): Promise<ArtifactScore[]>;
  release(): Promise<void>;
};

/** Lower-case hex sha256 of the bytes, as a `ModelVersion`'s `spec.artifact.sha256` holds it. */
export const sha256Hex = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex");

const EXPLANATION_SIZE = 3;
const DEFAULT_TOP = 4;

type Initializer = InstanceType<typeof onnx.TensorProto>;

const dimsOf = (t: Initializer): number[] => t.dims.map((d) => Number(d));

/** An initializer's raw little-endian bytes, copied so the typed array is aligned whatever the protobuf buffer is. */
const rawBytes = (t: Initializer, width: number, count: number): Uint8Array => {
  const raw = t.rawData;
  if (!raw || raw.length !== width * count)
    throw new Error(`initializer ${t.name} holds ${raw?.length ?? 0} bytes, not ${count} × ${width}`);
  return new Uint8Array(raw);
};

const readFloat32 = (t: Initializer, count: number): Float32Array => {
  const view = new DataView(rawBytes(t, 4, count).buffer);
  return Float32Array.from({ length: count }, (_, i) => view.getFloat32(i * 4, true));
};

const readInt32 = (t: Initializer, count: number): Int32Array => {
  const view = new DataView(rawBytes(t, 4, count).buffer);
  return Int32Array.from({ length: count }, (_, i) => view.getInt32(i * 4, true));
};

const readInt8 = (t: Initializer, count: number): Int8Array => {
  const bytes = rawBytes(t, 1, count);
  return new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length);
};

const expectShape = (t: Initializer | undefined, name: string, dataType: number, dims: number[]): Initializer => {
  if (!t) throw new Error(`initializer ${name} is missing`);
  if (t.dataType !== dataType) throw new Error(`initializer ${name} has data type ${t.dataType}, not ${dataType}`);
  const actual = dimsOf(t);
  if (actual.length !== dims.length || actual.some((d, i) => d !== dims[i]))
    throw new Error(`initializer ${name} has shape [${actual.join(", ")}], not [${dims.join(", ")}]`);
  return t;
};

const decodeProto = (bytes: Uint8Array): InstanceType<typeof onnx.ModelProto> => {
  try {
    return onnx.ModelProto.decode(bytes);
  } catch (e) {
    throw new Error(`not an ONNX model: ${(e as Error).message}`);
  }
};

/** The weights the explanation reads: `weight(row, class)`, in the file's own encoding. */
type Weights = { rowOf: Int32Array; classes: number; weight: (row: number, k: number) => number };

const readWeights = (
  proto: InstanceType<typeof onnx.ModelProto>,
  quantization: Quantization,
  features: number,
  classes: number,
): Weights => {
  const graph = proto.graph;
  if (!graph) throw new Error("the ONNX model has no graph");
  const byName = new Map((graph.initializer ?? []).map((t) => [t.name, t as Initializer]));
  const rowOf = readInt32(expectShape(byName.get(GRAPH.rowOf), GRAPH.rowOf, DataType.INT32, [features]), features);
  const w = byName.get(GRAPH.weights);
  if (!w) throw new Error(`initializer ${GRAPH.weights} is missing`);
  const rows = dimsOf(w)[0] ?? 0;
  if (rows < 1) throw new Error(`initializer ${GRAPH.weights} has no rows`);
  for (const r of rowOf)
    if (r < 0 || r >= rows) throw new Error(`initializer ${GRAPH.rowOf} points at row ${r} of ${rows}`);
  const inputs = (graph.input ?? []).map((i) => i.name).join(",");
  const outputs = (graph.output ?? []).map((o) => o.name).join(",");
  if (inputs !== `${GRAPH.indices},${GRAPH.values}` || outputs !== GRAPH.probabilities)
    throw new Error(`graph takes (${inputs}) and gives (${outputs}), not (indices,values) -> (probabilities)`);
  if (quantization === "fp32") {
    const weights = readFloat32(expectShape(w, GRAPH.weights, DataType.FLOAT, [rows, classes]), rows * classes);
    return { rowOf, classes, weight: (row, k) => weights[row * classes + k]! };
  }
  const weights = readInt8(expectShape(w, GRAPH.weights, DataType.INT8, [rows, classes]), rows * classes);
  const scales = readFloat32(expectShape(byName.get(GRAPH.rowScale), GRAPH.rowScale, DataType.FLOAT, [rows]), rows);
  return { rowOf, classes, weight: (row, k) => weights[row * classes + k]! * scales[row]! };
};

/** Indices of the `n` largest of p[from, from + count), largest first; ties to the lower index. */
const topOf = (p: Float32Array, from: number, count: number, n: number): number[] => {
  const top: number[] = [];
  for (let k = 0; k < count; k++) {
    const v = p[from + k]!;
    let at = top.length;
    while (at > 0 && v > p[from + top[at - 1]!]!) at--;
    if (at < n) top.splice(at, 0, k);
    if (top.length > n) top.pop();
  }
  return top;
};

/**
 * Loads a model from the bytes of one `.onnx` file written by `encodeOnnx` (fp32 or int8): the
 * labels, feature settings, temperature and quantization come from its metadata, the weights for
 * explanations from its initializers. Anything else (not protobuf, not ONNX, metadata missing or
 * malformed, initializers of the wrong type or shape, a graph onnxruntime refuses) is an Error
 * naming the problem. Verifying the bytes' sha256 against the registry is the caller's job
 * (`sha256Hex`).
 */
export const loadModelArtifact = async (bytes: Uint8Array): Promise<ArtifactModel> => {
  const proto = decodeProto(bytes);
  const meta = decodeMetadata(proto.metadataProps ?? []);
  const classes = meta.labels.length;
  const features = featureCount(meta.features);
  const weights = readWeights(proto, meta.quantization, features, classes);
  let session: InferenceSession;
  try {
    session = await InferenceSession.create(bytes, { graphOptimizationLevel: "all" });
  } catch (e) {
    throw new Error(`onnxruntime refused the model: ${(e as Error).message}`);
  }
  const bias = features - 1;

  const explainRow = (input: ModelInput, row: SparseRow, pick: number): ExplanationItem[] => {
    const chosen: { feature: number; weight: number }[] = [];
    for (let q = 0; q < row.indices.length; q++) {
      const feature = row.indices[q]!;
      if (feature === bias) continue;
      const weight = row.values[q]! * weights.weight(weights.rowOf[feature]!, pick);
      if (weight > 0) chosen.push({ feature, weight });
    }
    // Stable sort: equal weights keep feature order, as `explain` does.
    chosen.sort((a, b) => b.weight - a.weight);
    const kept = chosen.slice(0, EXPLANATION_SIZE);
    if (kept.length === 0) return [];
    const names: FeatureNames = new Map();
    featurize(input, meta.features, names);
    return kept.map(({ feature, weight }) => ({ feature: names.get(feature)!.join(" / "), weight }));
  };

  return {
    labels: meta.labels,
    quantization: meta.quantization,
    settings: meta.features,
    temperature: meta.temperature,
    training: meta.training,
    score: async (inputs, top = DEFAULT_TOP) => {
      if (inputs.length === 0) return [];
      inputs.forEach((input, i) => {
        if (!Number.isFinite(input.amount))
          throw new Error(`input ${i}: amount ${input.amount} is not a finite number`);
      });
      const n = Math.max(1, Math.min(classes, Math.floor(top)));
      const rows = inputs.map((input) => featurize(input, meta.features));
      const result = await session.run(padRows(rows));
      const p = result[GRAPH.probabilities]!.data as Float32Array;
      if (p.length !== inputs.length * classes)
        throw new Error(`the model gave ${p.length} probabilities for ${inputs.length} rows × ${classes} classes`);
      return inputs.map((input, i) => {
        const best = topOf(p, i * classes, classes, n);
        return {
          labels: best.map((k) => ({ label: meta.labels[k]!, confidence: p[i * classes + k]! })),
          explanation: explainRow(input, rows[i]!, best[0]!),
        };
      });
    },
    release: () => session.release(),
  };
};
