import onnxProto from "onnx-proto";
import type { Model } from "../train-model.ts";
import { littleEndianBytes } from "./little-endian.ts";

const { onnx } = onnxProto;
const { DataType } = onnx.TensorProto;

/** Opset 17 (IR version 8, ONNX 1.12): Unsqueeze and ReduceSum take `axes` as an input tensor, not an attribute. */
export const ONNX_OPSET = 17;
const IR_VERSION = 8;

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

const tensor = (name: string, dims: number[], dataType: number, data: Float32Array | Int32Array | BigInt64Array) =>
  onnx.TensorProto.create({ name, dims, dataType, rawData: littleEndianBytes(data) });

const valueInfo = (name: string, elemType: number, dims: string[]) =>
  onnx.ValueInfoProto.create({
    name,
    type: { tensorType: { elemType, shape: { dim: dims.map((dimParam) => ({ dimParam })) } } },
  });

const node = (opType: string, input: string[], output: string, attribute: object[] = []) =>
  onnx.NodeProto.create({ opType, input, output: [output], name: output, attribute });

/**
 * The model as an ONNX graph over sparse rows: `indices` int64 [N, K] and `values` float [N, K]
 * (rows padded with index 0 / value 0), giving `probabilities` float [N, C]:
 * Gather(rowOf, indices) -> Gather(W, ·) [N,K,C] -> Mul(Unsqueeze(values, 2)) -> ReduceSum(axis 1)
 * -> Softmax(-1). The intercept is a feature (the constant 1 the featurizer emits), so there is no
 * separate bias. Deterministic: the same model gives the same bytes.
 */
export const encodeOnnx = (model: Model): Uint8Array => {
  const classes = model.labels.length;
  const { rowOf, rows } = pruneWeights(model.weights, classes);
  const graph = onnx.GraphProto.create({
    name: "fincoach-categorizer",
    input: [valueInfo("indices", DataType.INT64, ["N", "K"]), valueInfo("values", DataType.FLOAT, ["N", "K"])],
    output: [valueInfo("probabilities", DataType.FLOAT, ["N", "C"])],
    initializer: [
      tensor("row_of", [rowOf.length], DataType.INT32, rowOf),
      tensor("W", [rows.length / classes, classes], DataType.FLOAT, rows),
      tensor("axis_2", [1], DataType.INT64, BigInt64Array.of(2n)),
      tensor("axis_1", [1], DataType.INT64, BigInt64Array.of(1n)),
    ],
    node: [
      node("Gather", ["row_of", "indices"], "rows"),
      node("Gather", ["W", "rows"], "row_weights"),
      node("Unsqueeze", ["values", "axis_2"], "values_3d"),
      node("Mul", ["row_weights", "values_3d"], "contributions"),
      node("ReduceSum", ["contributions", "axis_1"], "scores", [
        { name: "keepdims", type: onnx.AttributeProto.AttributeType.INT, i: 0 },
      ]),
      node("Softmax", ["scores"], "probabilities", [
        { name: "axis", type: onnx.AttributeProto.AttributeType.INT, i: -1 },
      ]),
    ],
  });
  const proto = onnx.ModelProto.create({
    irVersion: IR_VERSION,
    opsetImport: [{ domain: "", version: ONNX_OPSET }],
    producerName: "@fincoach/categorizer",
    graph,
  });
  return onnx.ModelProto.encode(proto).finish();
};
