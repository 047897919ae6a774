import { createHash } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { endianness } from "node:os";
import { join } from "node:path";
import { AppError, invalidField } from "@fincoach/errors";
import { z } from "zod";
import { FeatureSettings, featureCount } from "./feature-settings.ts";
import { encodeOnnx } from "./onnx/export-onnx.ts";
import { type Model, TrainingFigures } from "./train-model.ts";

const FORMAT = "fincoach-categorizer/1";
const WEIGHTS = "weights.bin";
const MANIFEST = "model.json";
const ONNX = "model.onnx";
const ONNX_INT8 = "model.int8.onnx";

/** The ONNX file of each quantization, beside each other in a model directory. */
export const onnxFileName = { fp32: ONNX, int8: ONNX_INT8 } as const;

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);

/** model.json: everything but the weights, and the checksums that bind the directory together. */
export const ModelManifest = z.object({
  format: z.literal(FORMAT),
  labels: z.array(z.string()).min(1),
  features: FeatureSettings,
  training: TrainingFigures,
  /** Class scores are divided by it before the softmax (calibration); absent in directories written before it: 1. */
  temperature: z.number().positive().finite().default(1),
  weights: z.object({
    file: z.literal(WEIGHTS),
    dtype: z.literal("float32-le"),
    /** [features, classes]: feature-major, `weights[feature * classes + class]`. */
    shape: z.tuple([z.number().int().positive(), z.number().int().positive()]),
  }),
  /**
   * sha256 of weights.bin, of model.json's own text without this field (compact JSON), and of
   * model.onnx and model.int8.onnx (absent in directories written before the ONNX export).
   */
  checksums: z.object({
    [WEIGHTS]: Sha256,
    [MANIFEST]: Sha256,
    [ONNX]: Sha256.optional(),
    [ONNX_INT8]: Sha256.optional(),
  }),
});
export type ModelManifest = z.infer<typeof ModelManifest>;

const sha256 = (bytes: Uint8Array | string): string => createHash("sha256").update(bytes).digest("hex");

// The weights as little-endian bytes, whatever the machine's byte order.
const toLittleEndian = (weights: Float32Array): Uint8Array => {
  if (endianness() === "LE") return new Uint8Array(weights.buffer, weights.byteOffset, weights.byteLength);
  const view = new DataView(new ArrayBuffer(weights.byteLength));
  for (let i = 0; i < weights.length; i++) view.setFloat32(i * 4, weights[i]!, true);
  return new Uint8Array(view.buffer);
};

const fromLittleEndian = (bytes: Uint8Array): Float32Array => {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (endianness() === "LE" && bytes.byteOffset % 4 === 0)
    return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  return Float32Array.from({ length: bytes.byteLength / 4 }, (_, i) => view.getFloat32(i * 4, true));
};

/**
 * Writes `model.json`, `weights.bin`, `model.onnx` and `model.int8.onnx` (the same model as
 * self-describing ONNX files, fp32 and int8) into `dir` (created if missing). Nothing in them
 * depends on the clock or the machine (bar model.json's training seconds when the command line
 * recorded them), so the same model always gives the same bytes.
 */
export const writeModel = async (dir: string, model: Model): Promise<void> => {
  const bytes = toLittleEndian(model.weights);
  const body = {
    format: FORMAT,
    labels: model.labels,
    features: model.settings,
    training: model.training,
    temperature: model.temperature,
    weights: { file: WEIGHTS, dtype: "float32-le", shape: [featureCount(model.settings), model.labels.length] },
  };
  const onnx = encodeOnnx(model, "fp32");
  const int8 = encodeOnnx(model, "int8");
  const checksums = {
    [WEIGHTS]: sha256(bytes),
    [MANIFEST]: sha256(JSON.stringify(body)),
    [ONNX]: sha256(onnx),
    [ONNX_INT8]: sha256(int8),
  };
  const manifest = { ...body, checksums };
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, WEIGHTS), bytes);
  await writeFile(join(dir, ONNX), onnx);
  await writeFile(join(dir, ONNX_INT8), int8);
  await writeFile(join(dir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
};

const readManifest = async (dir: string): Promise<ModelManifest> => {
  let text: string;
  try {
    text = await readFile(join(dir, MANIFEST), "utf8");
  } catch (e) {
    throw new AppError("NOT_FOUND", `${dir} is not a model directory (no readable ${MANIFEST})`, { cause: e });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw invalidField(join(dir, MANIFEST), "is not JSON");
  }
  const parsed = ModelManifest.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw invalidField(`${join(dir, MANIFEST)} / ${issue.path.join(".")}`, issue.message);
  }
  // Hash the fields as the file has them (its key order), so any edit to them is caught.
  const { checksums: _, ...body } = raw as Record<string, unknown>;
  if (sha256(JSON.stringify(body)) !== parsed.data.checksums[MANIFEST])
    throw invalidField(join(dir, MANIFEST), "its content does not match its own sha256: edited or corrupt");
  return parsed.data;
};

/** A model file's bytes, refused unless their sha256 is the one model.json records. */
const readVerified = async (path: string, expected: string | undefined): Promise<Uint8Array> => {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw new AppError("NOT_FOUND", `${path} is missing or unreadable`, { cause: e });
  }
  const actual = sha256(bytes);
  if (actual !== expected)
    throw invalidField(
      path,
      `sha256 ${actual} does not match ${MANIFEST}'s ${expected}: corrupt or from another model`,
    );
  return bytes;
};

/**
 * Loads a model directory, verifying both checksums and the weights' shape; a mismatch is
 * refused with an error naming the file, never loaded.
 */
export const readModel = async (dir: string): Promise<Model> => {
  const manifest = await readManifest(dir);
  const path = join(dir, WEIGHTS);
  const bytes = await readVerified(path, manifest.checksums[WEIGHTS]);
  const [features, classes] = manifest.weights.shape;
  if (
    features !== featureCount(manifest.features) ||
    classes !== manifest.labels.length ||
    bytes.byteLength !== features * classes * 4
  )
    throw invalidField(
      path,
      `holds ${bytes.byteLength} bytes, not ${features} x ${classes} float32 as ${MANIFEST} says`,
    );
  return {
    labels: manifest.labels,
    settings: manifest.features,
    training: manifest.training,
    weights: fromLittleEndian(bytes),
    temperature: manifest.temperature,
  };
};

/**
 * The bytes of a model directory's `model.onnx` (or `model.int8.onnx`), verified against
 * model.json's checksum, with the manifest; a mismatch or a directory without that file's
 * checksum is refused, naming the file.
 */
export const readOnnxFile = async (
  dir: string,
  quantization: keyof typeof onnxFileName = "fp32",
): Promise<{ manifest: ModelManifest; bytes: Uint8Array }> => {
  const manifest = await readManifest(dir);
  const file = onnxFileName[quantization];
  const path = join(dir, file);
  const expected = manifest.checksums[file];
  if (expected === undefined)
    throw invalidField(join(dir, MANIFEST), `has no ${file} checksum: written before its export`);
  return { manifest, bytes: await readVerified(path, expected) };
};
