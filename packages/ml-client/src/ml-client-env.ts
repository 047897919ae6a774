import { z } from "zod";

/**
 * The model stage's environment keys, written once: the API and the worker spread them into
 * their env schemas and add `checkMlClientEnv` to the object's refinements.
 */
export const MlClientEnv = {
  /** The ML service's base URL for the model stage; without it (and a weights file) rules and memory decide alone. */
  ML_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** In the cluster: the version's Service URL, `{service}` replaced by the traffic weights' pick (e.g. http://{service}:8080). */
  ML_URL_TEMPLATE: z
    .string()
    .refine((t) => t.includes("{service}"), "must contain {service}")
    .optional(),
  /** The operator's traffic-weights document (a mounted ConfigMap's weights.json); needs ML_URL_TEMPLATE. */
  TRAFFIC_WEIGHTS_FILE: z.string().min(1).optional(),
  /** The model whose versions the weights route between. */
  ML_MODEL: z.string().min(1).max(63).default("categorizer"),
  /** Longest wait for one model call; past it the rows stay uncategorized. */
  ML_TIMEOUT_MS: z.coerce.number().int().min(1).max(60_000).default(2000),
} as const;

const MlClientEnvObject = z.object(MlClientEnv);
export type MlClientEnv = z.infer<typeof MlClientEnvObject>;

/** The cross-key rule: a weights file names Services, so it is useless without the URL template. */
export const checkMlClientEnv = (
  env: Pick<MlClientEnv, "TRAFFIC_WEIGHTS_FILE" | "ML_URL_TEMPLATE">,
  ctx: z.RefinementCtx,
) => {
  if (env.TRAFFIC_WEIGHTS_FILE && !env.ML_URL_TEMPLATE)
    ctx.addIssue({
      code: "custom",
      path: ["ML_URL_TEMPLATE"],
      message: "is needed with TRAFFIC_WEIGHTS_FILE (the URL of the version's Service, e.g. http://{service}:8080)",
    });
};

/** The grouped config `createScoreModelFromConfig` takes (pure mapping from the flat env). */
export const toMlClientConfig = (env: MlClientEnv) => ({
  url: env.ML_URL,
  urlTemplate: env.ML_URL_TEMPLATE,
  trafficWeightsFile: env.TRAFFIC_WEIGHTS_FILE,
  model: env.ML_MODEL,
  timeoutMs: env.ML_TIMEOUT_MS,
});
export type MlClientConfig = ReturnType<typeof toMlClientConfig>;
