import { createHash } from "node:crypto";
import { endianness } from "node:os";
import onnxProto from "onnx-proto";
import { InferenceSession, Tensor } from "onnxruntime-node";
import { type FeatureSettings, featureCount } from "../feature-settings.ts";
import { type FeatureInput, type FeaturizedBatch, featurizeBatch, fixedFeatureName } from "../featurize.ts";
import { GramTrace } from "../gram-trace.ts";
import { decodeMetadata, type Quantization } from "./artifact-metadata.ts";
import { GRAPH } from "./export-onnx.ts";

const { onnx } = onnxProto;
const { DataType } = onnx.TensorProto;

/** What the model reads of a transaction (amount in major units). */
export type ModelInput = FeatureInput;

export type ScoredLabel = { label: string; confidence: number };
export type ExplanationItem = { feature: string; weight: number };
/** One input's result: its most probable labels, best first, and why the first was chosen. */
export type ArtifactScore = { labels: ScoredLabel[]; explanation: ExplanationItem[] };
/** `explain` (default true): compute each pick's explanation. */
export type ScoreOptions = { explain?: boolean };

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
   * `options.explain: false` leaves every explanation empty and skips the n-gram trace and the
   * per-row weight reads it needs (callers that store only the labels, e.g. imports); the labels
   * and confidences are the same either way.
   */
  score(inputs: readonly ModelInput[], top?: number, options?: ScoreOptions): Promise<ArtifactScore[]>;
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

const littleEndian = endianness() === "LE";

const readFloat32 = (t: Initializer, count: number): Float32Array => {
  const bytes = rawBytes(t, 4, count);
  if (littleEndian) return new Float32Array(bytes.buffer, 0, count);
  const view = new DataView(bytes.buffer);
  return Float32Array.from({ length: count }, (_, i) => view.getFloat32(i * 4, true));
};

const readInt32 = (t: Initializer, count: number): Int32Array => {
  const bytes = rawBytes(t, 4, count);
  if (littleEndian) return new Int32Array(bytes.buffer, 0, count);
  const view = new DataView(bytes.buffer);
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

/**
 * The weights the explanation reads, in the file's own encoding but class-major:
 * w(row, k) = byClass[k × rows + row] × (scales?.[row] ?? 1). An explanation reads one class's
 * weight for each of a row's features; row-major, each read was a cache miss somewhere in 23 MB
 * (6.6 µs a row measured), class-major they fall in one class's 200 kB.
 */
type Weights = { rowOf: Int32Array; rows: number; byClass: Float32Array | Int8Array; scales: Float32Array | undefined };

const classMajor = <T extends Float32Array | Int8Array>(w: T, rows: number, classes: number, into: T): T => {
  for (let r = 0; r < rows; r++) for (let k = 0; k < classes; k++) into[k * rows + r] = w[r * classes + k]!;
  return into;
};

/** Scoring leaves out features mapped to row 0, which is only right if row 0 is the shared zero row. */
const zeroRowFirst = (weights: Float32Array | Int8Array, classes: number): void => {
  for (let k = 0; k < classes; k++)
    if (weights[k] !== 0) throw new Error(`initializer ${GRAPH.weights}'s row 0 is not the zero row`);
};

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
    zeroRowFirst(weights, classes);
    return {
      rowOf,
      rows,
      byClass: classMajor(weights, rows, classes, new Float32Array(weights.length)),
      scales: undefined,
    };
  }
  const weights = readInt8(expectShape(w, GRAPH.weights, DataType.INT8, [rows, classes]), rows * classes);
  zeroRowFirst(weights, classes);
  const scales = readFloat32(expectShape(byName.get(GRAPH.rowScale), GRAPH.rowScale, DataType.FLOAT, [rows]), rows);
  return { rowOf, rows, byClass: classMajor(weights, rows, classes, new Int8Array(weights.length)), scales };
};

/**
 * The batch as the graph's inputs, each row padded to the longest with index 0 / value 0 (a zero
 * value adds nothing). Features the model has no weights for (row 0 of `W`, e.g. n-grams no
 * training row had) are left out: they add exactly 0, and new transactions bring many, so the
 * batch is narrower. `weightRow` is each CSR entry's row of `W` (0 = none), for the explanation.
 */
const padBatch = (
  b: FeaturizedBatch,
  rowOf: Int32Array,
): { feeds: { indices: Tensor; values: Tensor }; weightRow: Int32Array } => {
  const total = b.rowStart[b.rows]!;
  const weightRow = new Int32Array(total);
  let width = 1;
  for (let i = 0; i < b.rows; i++) {
    let kept = 0;
    for (let q = b.rowStart[i]!; q < b.rowStart[i + 1]!; q++) {
      const row = rowOf[b.indices[q]!]!;
      weightRow[q] = row;
      if (row !== 0) kept++;
    }
    width = Math.max(width, kept);
  }
  const indices = new Int32Array(b.rows * width);
  const values = new Float32Array(b.rows * width);
  for (let i = 0; i < b.rows; i++) {
    let at = i * width;
    for (let q = b.rowStart[i]!; q < b.rowStart[i + 1]!; q++) {
      if (weightRow[q] === 0) continue;
      indices[at] = b.indices[q]!;
      values[at++] = b.values[q]!;
    }
  }
  return {
    feeds: {
      indices: new Tensor("int32", indices, [b.rows, width]),
      values: new Tensor("float32", values, [b.rows, width]),
    },
    weightRow,
  };
};

/** Indices of the `n` largest of p[from, from + count) into `top`, largest first; ties to the lower index. */
const topOf = (p: Float32Array, from: number, count: number, top: Int32Array, n: number): void => {
  let size = 0;
  for (let k = 0; k < count; k++) {
    const v = p[from + k]!;
    if (size === n && v <= p[from + top[n - 1]!]!) continue;
    let at = Math.min(size, n - 1);
    while (at > 0 && v > p[from + top[at - 1]!]!) {
      top[at] = top[at - 1]!;
      at--;
    }
    top[at] = k;
    if (size < n) size++;
  }
};

/**
 * Loads a model from the bytes of one `.onnx` file written by `encodeOnnx` (fp32 or int8): the
 * labels, feature settings, temperature and quantization come from its metadata, the weights for
 * explanations from its initializers. Anything else (not protobuf, not ONNX, metadata missing or
 * malformed, initializers of the wrong type or shape, a graph onnxruntime refuses) is an Error
 * naming the problem. Verifying the bytes' sha256 against the registry is the caller's job
 * (`sha256Hex`). onnxruntime runs on one thread unless `intraOpNumThreads` says otherwise: a batch
 * of 1,000 rows measured faster on one thread than two on the shared 2-core machine, and a
 * service scoring several requests at once gets its parallelism from them.
 */
export const loadModelArtifact = async (
  bytes: Uint8Array,
  options: { intraOpNumThreads?: number } = {},
): Promise<ArtifactModel> => {
  const proto = decodeProto(bytes);
  const meta = decodeMetadata(proto.metadataProps ?? []);
  const classes = meta.labels.length;
  const features = featureCount(meta.features);
  const weights = readWeights(proto, meta.quantization, features, classes);
  let session: InferenceSession;
  try {
    session = await InferenceSession.create(bytes, {
      graphOptimizationLevel: "all",
      intraOpNumThreads: options.intraOpNumThreads ?? 1,
      interOpNumThreads: 1,
    });
  } catch (e) {
    throw new Error(`onnxruntime refused the model: ${(e as Error).message}`);
  }
  const bias = features - 1;

  const { rowOf, rows: weightRows, byClass, scales } = weights;
  // The explanation's top features, kept sorted by insertion: no object per candidate.
  const topFeature = new Int32Array(EXPLANATION_SIZE);
  const topWeight = new Float64Array(EXPLANATION_SIZE);

  /** The pick's features that weighed most, as `explain`: value × weight > 0, largest first, ties in feature order. */
  const explainRow = (
    b: FeaturizedBatch,
    weightRow: Int32Array,
    trace: GramTrace,
    i: number,
    pick: number,
  ): ExplanationItem[] => {
    let kept = 0;
    const base = pick * weightRows;
    for (let q = b.rowStart[i]!; q < b.rowStart[i + 1]!; q++) {
      const feature = b.indices[q]!;
      const row = weightRow[q]!;
      if (row === 0 || feature === bias) continue;
      const weight = b.values[q]! * byClass[base + row]! * (scales === undefined ? 1 : scales[row]!);
      if (!(weight > 0) || (kept === EXPLANATION_SIZE && weight <= topWeight[kept - 1]!)) continue;
      let at = Math.min(kept, EXPLANATION_SIZE - 1);
      while (at > 0 && weight > topWeight[at - 1]!) {
        topWeight[at] = topWeight[at - 1]!;
        topFeature[at] = topFeature[at - 1]!;
        at--;
      }
      topWeight[at] = weight;
      topFeature[at] = feature;
      if (kept < EXPLANATION_SIZE) kept++;
    }
    const explanation: ExplanationItem[] = [];
    for (let j = 0; j < kept; j++) {
      const feature = topFeature[j]!;
      const name =
        fixedFeatureName(feature, meta.features) ?? trace.name(b.traceStart[i]!, b.traceStart[i + 1]!, feature);
      explanation.push({ feature: name ?? `feature ${feature}`, weight: topWeight[j]! });
    }
    return explanation;
  };

  return {
    labels: meta.labels,
    quantization: meta.quantization,
    settings: meta.features,
    temperature: meta.temperature,
    training: meta.training,
    score: async (inputs, top = DEFAULT_TOP, options = {}) => {
      const explain = options.explain ?? true;
      if (inputs.length === 0) return [];
      inputs.forEach((input, i) => {
        if (!Number.isFinite(input.amount))
          throw new Error(`input ${i}: amount ${input.amount} is not a finite number`);
      });
      if (!(Number.isInteger(top) && top >= 1)) throw new Error(`top must be a whole number of at least 1, not ${top}`);
      const n = Math.min(classes, top);
      const best = new Int32Array(n);
      // Per call, not shared: another batch may be featurized while this one's session.run is pending.
      // Without explanations no n-gram needs its name: no trace to fill.
      const trace = explain ? new GramTrace() : undefined;
      const batch = featurizeBatch(inputs, meta.features, trace);
      const { feeds, weightRow } = padBatch(batch, rowOf);
      const result = await session.run(feeds);
      const p = result[GRAPH.probabilities]!.data as Float32Array;
      if (p.length !== inputs.length * classes)
        throw new Error(`the model gave ${p.length} probabilities for ${inputs.length} rows × ${classes} classes`);
      return inputs.map((_, i) => {
        topOf(p, i * classes, classes, best, n);
        const labels: ScoredLabel[] = [];
        for (let j = 0; j < n; j++)
          labels.push({ label: meta.labels[best[j]!]!, confidence: p[i * classes + best[j]!]! });
        return { labels, explanation: trace ? explainRow(batch, weightRow, trace, i, best[0]!) : [] };
      });
    },
    release: () => session.release(),
  };
};
