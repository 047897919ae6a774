import { CommonEnv } from "@fincoach/config";
import { z } from "zod";

const SHA256 = /^[0-9a-f]{64}$/;
const MODEL_VERSION_REF = /^[a-z0-9-]+\/[A-Za-z0-9._-]+$/;

/** `categorizer/v3,categorizer/v4` -> [{model, version}]. */
const VersionList = z
  .string()
  .default("")
  .transform((s) => s.split(",").map((p) => p.trim()))
  .transform((parts) => parts.filter((p) => p !== ""))
  .pipe(z.array(z.string().regex(MODEL_VERSION_REF, "must be model/version, e.g. categorizer/v3")))
  .transform((refs) =>
    refs.map((ref) => {
      const [model = "", version = ""] = ref.split("/");
      return { model, version };
    }),
  );

/** Where the train command and the retraining worker put new artifacts. */
const ArtifactStore = z
  .string()
  .default("pg")
  .refine((s) => s === "pg" || (s.startsWith("file:") && s.length > 5), "must be pg or file:<directory>")
  .transform((s) => (s === "pg" ? { kind: "pg" as const } : { kind: "file" as const, dir: s.slice(5) }));

/** The ML service's environment. Parsed once in main.ts; nothing else reads process.env. */
export const MlEnv = z
  .object({
    NODE_ENV: CommonEnv.NODE_ENV,
    LOG_LEVEL: CommonEnv.LOG_LEVEL,
    DATABASE_URL: CommonEnv.DATABASE_URL,
    DATABASE_POOL_SIZE: CommonEnv.DATABASE_POOL_SIZE,
    REDIS_URL: CommonEnv.REDIS_URL,
    REDIS_PREFIX: CommonEnv.REDIS_PREFIX,
    OTEL_EXPORTER_OTLP_ENDPOINT: CommonEnv.OTEL_EXPORTER_OTLP_ENDPOINT,
    PORT: CommonEnv.PORT,
    HOST: CommonEnv.HOST,
    /**
     * A separate port for `/metrics`, like the API's. Unset: `/metrics` is served on PORT,
     * which is what the operator's inference Deployment exposes (one container port, 8080).
     */
    METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
    // --- the one version this pod serves (set by the operator; all four or none) ---
    MODEL_NAME: z.string().min(1).optional(),
    MODEL_VERSION: z.string().min(1).optional(),
    MODEL_ARTIFACT_URI: z.string().min(1).optional(),
    MODEL_ARTIFACT_SHA256: z.string().regex(SHA256, "must be 64 lower-case hex digits").optional(),
    MODEL_ARTIFACT_FORMAT: z.enum(["onnx"]).default("onnx"),
    /** The classes the ModelVersion says the model predicts (JSON array); checked on load when not empty. */
    MODEL_LABELS: z
      .string()
      .default("[]")
      .transform((s, ctx) => {
        try {
          return z.array(z.string()).parse(JSON.parse(s));
        } catch {
          ctx.addIssue({ code: "custom", message: "must be a JSON array of strings" });
          return z.NEVER;
        }
      }),
    // --- routing ---
    /** The shared model people are routed to (in the cluster: MODEL_NAME). */
    DEFAULT_MODEL: z.string().min(1).default("categorizer"),
    /** The operator's traffic-weights document, mounted from its ConfigMap; watched. */
    TRAFFIC_WEIGHTS_FILE: z.string().min(1).optional(),
    /** Versions scored beside the served one and logged, never returned: `categorizer/v3`. */
    SHADOW_VERSIONS: VersionList,
    /** Laptop mode: how often to look for newly registered shared versions. */
    MODEL_REFRESH_SECONDS: z.coerce.number().int().min(1).default(30),
    /** How long a person's newest own version is trusted before the registry is asked again. */
    PERSON_MODEL_CACHE_SECONDS: z.coerce.number().int().min(0).default(30),
    /** Person models kept loaded at once (least recently used go first). */
    PERSON_MODEL_CACHE_SIZE: z.coerce.number().int().min(1).default(100),
    ARTIFACT_FETCH_TIMEOUT_MS: z.coerce.number().int().min(100).default(60_000),
    /** How far back the stats endpoint can look (predictions are kept in memory this long). */
    STATS_RETENTION_SECONDS: z.coerce.number().int().min(60).default(3600),
    // --- training ---
    /** Consume the ml-training queue in this process. */
    TRAINING_WORKER: z.stringbool().default(true),
    TRAINING_STORE: ArtifactStore,
    /** A person gets an own model once this many of their rows are labelled... */
    PERSON_MODEL_MIN_ROWS: z.coerce.number().int().min(1).default(200),
    /** ...over at least this many categories. */
    PERSON_MODEL_MIN_CATEGORIES: z.coerce.number().int().min(2).default(2),
    /** Corrections since a person's last model that trigger retraining. */
    RETRAIN_AFTER_CORRECTIONS: z.coerce.number().int().min(1).default(20),
    /** How often every person's corrections are checked for a due retraining (0: never; feedback here still triggers). */
    RETRAIN_SWEEP_SECONDS: z.coerce.number().int().min(0).default(300),
    /**
     * Laptop start: train the default model from the shipped data when no shared version of
     * DEFAULT_MODEL is registered (about 10 s, once).
     */
    ENSURE_DEFAULT_MODEL: z.stringbool().default(false),
    /** 1,000 transactions of up to 2,000 characters each fit. */
    JSON_BODY_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .default(4 * 1024 * 1024),
  })
  .refine(
    (e) =>
      [e.MODEL_NAME, e.MODEL_VERSION, e.MODEL_ARTIFACT_URI, e.MODEL_ARTIFACT_SHA256].every((v) => v === undefined) ||
      [e.MODEL_NAME, e.MODEL_VERSION, e.MODEL_ARTIFACT_URI, e.MODEL_ARTIFACT_SHA256].every((v) => v !== undefined),
    {
      message: "MODEL_NAME, MODEL_VERSION, MODEL_ARTIFACT_URI and MODEL_ARTIFACT_SHA256 go together (all or none)",
      path: ["MODEL_NAME"],
    },
  );
export type MlEnv = z.infer<typeof MlEnv>;

/** The pinned version of in-cluster mode. */
export type PinnedVersion = {
  model: string;
  version: string;
  artifactUri: string;
  artifactSha256: string;
  format: string;
  labels: string[];
};

/** The grouped, typed configuration (pure mapping from the flat env). */
export const toMlConfig = (env: MlEnv) => {
  const pinned: PinnedVersion | null =
    env.MODEL_NAME && env.MODEL_VERSION && env.MODEL_ARTIFACT_URI && env.MODEL_ARTIFACT_SHA256
      ? {
          model: env.MODEL_NAME,
          version: env.MODEL_VERSION,
          artifactUri: env.MODEL_ARTIFACT_URI,
          artifactSha256: env.MODEL_ARTIFACT_SHA256,
          format: env.MODEL_ARTIFACT_FORMAT,
          labels: env.MODEL_LABELS,
        }
      : null;
  return {
    http: { port: env.PORT, host: env.HOST, jsonBodyMaxBytes: env.JSON_BODY_MAX_BYTES },
    metrics: { port: env.METRICS_PORT ?? null },
    redisPrefix: env.REDIS_PREFIX,
    /** In-cluster mode (one pinned version) or laptop mode (every shared version registered). */
    serving: {
      pinned,
      defaultModel: pinned?.model ?? env.DEFAULT_MODEL,
      refreshSeconds: env.MODEL_REFRESH_SECONDS,
      artifactFetchTimeoutMs: env.ARTIFACT_FETCH_TIMEOUT_MS,
    },
    routing: { weightsFile: env.TRAFFIC_WEIGHTS_FILE ?? null, shadow: env.SHADOW_VERSIONS },
    personModels: { cacheSeconds: env.PERSON_MODEL_CACHE_SECONDS, cacheSize: env.PERSON_MODEL_CACHE_SIZE },
    stats: { retentionSeconds: env.STATS_RETENTION_SECONDS },
    training: {
      worker: env.TRAINING_WORKER,
      store: env.TRAINING_STORE,
      minRows: env.PERSON_MODEL_MIN_ROWS,
      minCategories: env.PERSON_MODEL_MIN_CATEGORIES,
      retrainAfterCorrections: env.RETRAIN_AFTER_CORRECTIONS,
      sweepSeconds: env.RETRAIN_SWEEP_SECONDS,
      ensureDefaultModel: env.ENSURE_DEFAULT_MODEL,
    },
  };
};
export type MlConfig = ReturnType<typeof toMlConfig>;
export type ArtifactStoreConfig = MlConfig["training"]["store"];

/** The train and ensure-default-model commands' environment: where to register. */
export const CommandEnv = z.object({
  DATABASE_URL: CommonEnv.DATABASE_URL,
  LOG_LEVEL: CommonEnv.LOG_LEVEL,
  DEFAULT_MODEL: z.string().min(1).default("categorizer"),
  TRAINING_STORE: ArtifactStore,
});
export type CommandEnv = z.infer<typeof CommandEnv>;
/** Parses a `--store` flag like TRAINING_STORE. */
export const parseArtifactStore = (value: string) => ArtifactStore.parse(value);
