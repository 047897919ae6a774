import onnxProto from "onnx-proto";
import type { Model } from "../train-model.ts";
import { ARTIFACT_FORMAT, encodeMetadata, type Quantization } from "./artifact-metadata.ts";
import { littleEndianBytes } from "./little-endian.ts";
import { quantizeRows } from "./quantize-int8.ts";

const { onnx } = onnxProto;
const { DataType } = onnx.TensorProto;

/** Opset 17 (IR version 8, ONNX 1.12): Unsqueeze and Squeeze take `axes` as an input tensor, not an attribute. */
export const ONNX_OPSET = 17;
const IR_VERSION = 8;

/** Names the loader relies on: the graph's inputs and output, and the initializers it reads back. */
export const GRAPH = {
  indices: "indices",
  values: "values",
  probabilities: "probabilities",
  rowOf: "row_of",
  weights: "W",
  rowScale: "W_scale",
} as const;

/**
 * The weights with their all-zero rows dropped: row 0 is a shared zero row, and `rowOf` maps
 * each feature to its row. Most of the 2^18 hashed buckets are never reached by a training
 * n-gram, so this keeps the file to the features the model learned.
 */
export const pruneWeights = (weights: Float32Array, classes: number): { rowOf: Int32Array; rows: Float32Array } => {
  const features = weights.length / classes;
  const rowOf = new Int32Array(features);
  let kept = 1;
  for (let f = 0; f < features; f++) {
    const run = weights.subarray(f * classes, (f + 1) * classes);
    if (run.some((w) => w !== 0)) rowOf[f] = kept++;
  }
  const rows = new Float32Array(kept * classes);
  for (let f = 0; f < features; f++)
    if (rowOf[f] !== 0) rows.set(weights.subarray(f * classes, (f + 1) * classes), rowOf[f]! * classes);
  return { rowOf, rows };
};

const tensor = (
  name: string,
  dims: number[],
  dataType: number,
  data: Float32Array | Int32Array | BigInt64Array | Int8Array,
) =>
  onnx.TensorProto.create({
    name,
    dims,
    dataType,
    rawData:
      data instanceof Int8Array ? new Uint8Array(data.buffer, data.byteOffset, data.length) : littleEndianBytes(data),
  });

const valueInfo = (name: string, elemType: number, dims: string[]) =>
  onnx.ValueInfoProto.create({
    name,
    type: { tensorType: { elemType, shape: { dim: dims.map((dimParam) => ({ dimParam })) } } },
  });

const node = (opType: string, input: string[], output: string, attribute: object[] = []) =>
  onnx.NodeProto.create({ opType, input, output: [output], name: output, attribute });

const int = (name: string, i: number) => ({ name, type: onnx.AttributeProto.AttributeType.INT, i });

/**
 * The model as one self-describing ONNX file over sparse rows: `indices` int32 [N, K] and
 * `values` float [N, K] (rows padded with index 0 / value 0), giving calibrated `probabilities`
 * float [N, C]. The metadata (artifact-metadata.ts) holds what scoring needs besides the graph.
 *
 * fp32: Gather(row_of, indices) -> Gather(W, ·) [N,K,C] -> MatMul(Unsqueeze(values, 1) [N,1,K], ·)
 *   -> Squeeze(axis 1) [N,C] -> Div(temperature) -> Softmax(-1).
 * int8: W is int8 with one scale per row (per feature); the gathered rows' scales multiply the
 *   values ([N,K], cheap) and the gathered int8 rows are Cast to float before the MatMul, so only
 *   the rows a batch touches are widened and the scale never costs a pass over [N,K,C].
 * The intercept is a feature (the constant 1 the featurizer emits), so there is no separate bias.
 * Deterministic: the same model gives the same bytes.
 */
export const encodeOnnx = (model: Model, quantization: Quantization = "fp32"): Uint8Array => {
  const classes = model.labels.length;
  const { rowOf, rows } = pruneWeights(model.weights, classes);
  const rowCount = rows.length / classes;
  const weights =
    quantization === "fp32"
      ? {
          initializers: [tensor(GRAPH.weights, [rowCount, classes], DataType.FLOAT, rows)],
          nodes: [],
          values: "values_n1k",
        }
      : (() => {
          const q = quantizeRows(rows, classes);
          return {
            initializers: [
              tensor(GRAPH.weights, [rowCount, classes], DataType.INT8, q.weights),
              tensor(GRAPH.rowScale, [rowCount], DataType.FLOAT, q.scales),
            ],
            nodes: [
              node("Gather", [GRAPH.rowScale, "rows"], "row_scales"),
              node("Mul", [GRAPH.values, "row_scales"], "scaled_values"),
              node("Unsqueeze", ["scaled_values", "axis_1"], "scaled_values_n1k"),
            ],
            values: "scaled_values_n1k",
          };
        })();
  const gathered = quantization === "fp32" ? "row_weights" : "row_weights_int8";
  const graph = onnx.GraphProto.create({
    name: "fincoach-categorizer",
    input: [valueInfo(GRAPH.indices, DataType.INT32, ["N", "K"]), valueInfo(GRAPH.values, DataType.FLOAT, ["N", "K"])],
    output: [valueInfo(GRAPH.probabilities, DataType.FLOAT, ["N", "C"])],
    initializer: [
      tensor(GRAPH.rowOf, [rowOf.length], DataType.INT32, rowOf),
      ...weights.initializers,
      tensor("axis_1", [1], DataType.INT64, BigInt64Array.of(1n)),
      tensor("temperature", [], DataType.FLOAT, Float32Array.of(model.temperature)),
    ],
    node: [
      node("Gather", [GRAPH.rowOf, GRAPH.indices], "rows"),
      node("Gather", [GRAPH.weights, "rows"], gathered),
      ...(quantization === "fp32"
        ? [node("Unsqueeze", [GRAPH.values, "axis_1"], "values_n1k")]
        : [...weights.nodes, node("Cast", [gathered], "row_weights", [int("to", DataType.FLOAT)])]),
      // [N,1,K] × [N,K,C]: one batched product reads the gathered rows once, where Mul then
      // ReduceSum wrote and re-read an [N,K,C] tensor (72,000 against 112,000 rows/s measured).
      node("MatMul", [weights.values, "row_weights"], "scores_n1c"),
      node("Squeeze", ["scores_n1c", "axis_1"], "scores"),
      node("Div", ["scores", "temperature"], "calibrated_scores"),
      node("Softmax", ["calibrated_scores"], GRAPH.probabilities, [int("axis", -1)]),
    ],
  });
  // The clock-dependent figure stays out, so the same training gives the same file.
  const { seconds: _, ...training } = model.training;
  const proto = onnx.ModelProto.create({
    irVersion: IR_VERSION,
    opsetImport: [{ domain: "", version: ONNX_OPSET }],
    producerName: "@fincoach/categorizer",
    graph,
    metadataProps: encodeMetadata({
      format: ARTIFACT_FORMAT,
      labels: model.labels,
      features: model.settings,
      temperature: model.temperature,
      quantization,
      training,
    }),
  });
  return onnx.ModelProto.encode(proto).finish();
};
