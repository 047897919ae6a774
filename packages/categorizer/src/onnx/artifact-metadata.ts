import { z } from "zod";
import { FeatureSettings } from "../feature-settings.ts";

/**
 * What a `.onnx` file of ours carries in `ModelProto.metadata_props`, so the file alone is a
 * servable model (a `ModelVersion` names one file by URI and sha256): the labels in output
 * order, how to featurize, the calibration temperature, the weights' encoding and the training
 * figures. Every value is a string (ONNX's type); the structured ones are JSON.
 */
export const ARTIFACT_FORMAT = "fincoach-categorizer-onnx/1";

export const Quantization = z.enum(["fp32", "int8"]);
export type Quantization = z.infer<typeof Quantization>;

export const METADATA_KEYS = {
  format: "fincoach.format",
  labels: "fincoach.labels",
  features: "fincoach.features",
  temperature: "fincoach.temperature",
  quantization: "fincoach.quantization",
  training: "fincoach.training",
} as const;

export const ArtifactMetadata = z.object({
  format: z.literal(ARTIFACT_FORMAT),
  labels: z
    .array(z.string())
    .min(2)
    .refine((l) => new Set(l).size === l.length, "labels repeat"),
  features: FeatureSettings,
  temperature: z.number().positive().finite(),
  quantization: Quantization,
  training: z.record(z.string(), z.unknown()),
});
export type ArtifactMetadata = z.infer<typeof ArtifactMetadata>;

/** The metadata as ONNX key/value strings, in a fixed order (the file's bytes depend on it). */
export const encodeMetadata = (m: ArtifactMetadata): { key: string; value: string }[] => [
  { key: METADATA_KEYS.format, value: m.format },
  { key: METADATA_KEYS.labels, value: JSON.stringify(m.labels) },
  { key: METADATA_KEYS.features, value: JSON.stringify(m.features) },
  { key: METADATA_KEYS.temperature, value: String(m.temperature) },
  { key: METADATA_KEYS.quantization, value: m.quantization },
  { key: METADATA_KEYS.training, value: JSON.stringify(m.training) },
];

const parseJson = (key: string, text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`metadata ${key} is not JSON`);
  }
};

/** Reads the metadata back, or throws an Error naming the missing or malformed entry. */
export const decodeMetadata = (props: readonly { key?: string | null; value?: string | null }[]): ArtifactMetadata => {
  const byKey = new Map(props.map((p) => [p.key ?? "", p.value ?? ""]));
  const get = (key: string): string => {
    const value = byKey.get(key);
    if (value === undefined) throw new Error(`metadata ${key} is missing: not a FinCoach categorizer model`);
    return value;
  };
  const format = get(METADATA_KEYS.format);
  if (format !== ARTIFACT_FORMAT)
    throw new Error(`metadata ${METADATA_KEYS.format} is "${format}", not ${ARTIFACT_FORMAT}`);
  const raw = {
    format,
    labels: parseJson(METADATA_KEYS.labels, get(METADATA_KEYS.labels)),
    features: parseJson(METADATA_KEYS.features, get(METADATA_KEYS.features)),
    temperature: Number(get(METADATA_KEYS.temperature)),
    quantization: get(METADATA_KEYS.quantization),
    training: parseJson(METADATA_KEYS.training, get(METADATA_KEYS.training)),
  };
  const parsed = ArtifactMetadata.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = METADATA_KEYS[issue.path[0] as keyof typeof METADATA_KEYS] ?? "metadata";
    throw new Error(
      `metadata ${key}${issue.path.length > 1 ? ` / ${issue.path.slice(1).join(".")}` : ""}: ${issue.message}`,
    );
  }
  return parsed.data;
};
