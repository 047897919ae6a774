/**
 * The environment each container gets, matched to its schema (services/<name>/src/env.ts,
 * operator/src/env.ts; env.test.ts checks both directions). Secrets come by reference from
 * the one Secret named in the settings, never by value. Defaults the schemas already have
 * are set anyway where the manifests depend on them (ports, probes, Services), so a changed
 * default cannot silently move a port away from its probe.
 */
import { APP_SECRET_KEYS, TRAFFIC_WEIGHTS_KEY } from "@fincoach/contracts";
import type { V1EnvVar } from "@kubernetes/client-node";
import { nameOf, PORTS, TRAFFIC_WEIGHTS_DIR } from "./names.ts";
import type { FincoachSettings } from "./settings.ts";

/** Keys of the Secret (cdk8s/README.md says how to create it); the operator's model servers read the same keys. */
export const SECRET_KEYS = APP_SECRET_KEYS;
type SecretKey = keyof typeof SECRET_KEYS;

/**
 * Variables set only when a setting is not empty: name -> that setting's path. The Helm
 * generator wraps each in `{{- if .Values.<path> }}` (helm/generate.ts), so the chart leaves
 * them out exactly when this file does.
 */
export const OPTIONAL_ENV: Readonly<Record<string, string>> = {
  SMTP_URL: "notifications.smtp.urlSecretKey",
  // The three go together (services/api/src/env.ts): all present once the URL is set.
  NUDGES_LLM_BASE_URL: "nudges.llm.baseUrl",
  NUDGES_LLM_MODEL: "nudges.llm.baseUrl",
  NUDGES_LLM_API_KEY: "nudges.llm.baseUrl",
};

const value = (name: string, v: string | number): V1EnvVar => ({ name, value: String(v) });
const secret = (s: FincoachSettings, key: SecretKey, optional = false): V1EnvVar => ({
  name: key,
  valueFrom: { secretKeyRef: { name: s.secretName, key: SECRET_KEYS[key], ...(optional ? { optional: true } : {}) } },
});
/** A key of the Secret that a setting names (SMTP_URL, the LLM's key). */
const secretKey = (s: FincoachSettings, name: string, key: string): V1EnvVar => ({
  name,
  valueFrom: { secretKeyRef: { name: s.secretName, key } },
});
const fieldRef = (name: string, fieldPath: string): V1EnvVar => ({ name, valueFrom: { fieldRef: { fieldPath } } });

const common = (s: FincoachSettings): V1EnvVar[] => [
  value("NODE_ENV", "production"),
  value("LOG_LEVEL", s.logLevel),
  secret(s, "DATABASE_URL"),
  secret(s, "REDIS_URL"),
];

/** The model stage (packages/ml-client): the champion Service, or a version's by the operator's weights. */
const mlClient = (): V1EnvVar[] => [
  value("ML_URL", `http://${nameOf("ml")}:${PORTS.ml}`),
  value("ML_URL_TEMPLATE", `http://{service}:${PORTS.ml}`),
  value("TRAFFIC_WEIGHTS_FILE", `${TRAFFIC_WEIGHTS_DIR}/${TRAFFIC_WEIGHTS_KEY}`),
];

/** Where webhook URLs may point: the API checks them when registered, the worker again when it delivers. */
const webhookNetwork = (s: FincoachSettings): V1EnvVar[] => [
  value("WEBHOOK_ALLOW_PRIVATE", String(s.webhooks.allowPrivate)),
  value("WEBHOOK_ALLOWED_CIDRS", s.webhooks.allowedCidrs),
];

/** The e-mail channel (the worker sends): SMTP_URL from the Secret only when its key is named. */
const smtp = (s: FincoachSettings): V1EnvVar[] => [
  ...(s.notifications.smtp.urlSecretKey ? [secretKey(s, "SMTP_URL", s.notifications.smtp.urlSecretKey)] : []),
  value("SMTP_FROM", s.notifications.smtp.from),
];

/** LLM-written nudges (the API), only when a base URL is set. */
const nudgesLlm = (s: FincoachSettings): V1EnvVar[] =>
  s.nudges.llm.baseUrl
    ? [
        value("NUDGES_LLM_BASE_URL", s.nudges.llm.baseUrl),
        value("NUDGES_LLM_MODEL", s.nudges.llm.model),
        secretKey(s, "NUDGES_LLM_API_KEY", s.nudges.llm.apiKeySecretKey),
      ]
    : [];

export const apiEnv = (s: FincoachSettings): V1EnvVar[] => [
  ...common(s),
  value("PORT", PORTS.api),
  value("METRICS_PORT", PORTS.apiMetrics),
  // Behind the ingress controller: the client address is the last X-Forwarded-For hop.
  value("TRUST_PROXY", "true"),
  secret(s, "JWT_SECRET"),
  secret(s, "CONNECTION_KEYS"),
  secret(s, "PLAID_CLIENT_ID", true),
  secret(s, "PLAID_SECRET", true),
  ...mlClient(),
  ...webhookNetwork(s),
  ...nudgesLlm(s),
];

/**
 * The champion ML service: every shared version of the default model registered in
 * PostgreSQL (the service's laptop mode, routed by the operator's weights when they exist);
 * the operator's per-version Deployments pin one version each.
 */
export const mlEnv = (s: FincoachSettings): V1EnvVar[] => [
  ...common(s),
  value("PORT", PORTS.ml),
  value("METRICS_PORT", PORTS.ml_metrics),
  value("TRAFFIC_WEIGHTS_FILE", `${TRAFFIC_WEIGHTS_DIR}/${TRAFFIC_WEIGHTS_KEY}`),
  // A fresh installation trains the default model once from the shipped data (~10-20 s).
  value("ENSURE_DEFAULT_MODEL", "true"),
  value("TRAINING_STORE", "pg"),
];

export const workerEnv = (s: FincoachSettings): V1EnvVar[] => [
  ...common(s),
  value("METRICS_PORT", PORTS.worker),
  secret(s, "CONNECTION_KEYS"),
  secret(s, "PLAID_CLIENT_ID", true),
  secret(s, "PLAID_SECRET", true),
  ...mlClient(),
  ...webhookNetwork(s),
  ...smtp(s),
];

export const beatEnv = (s: FincoachSettings): V1EnvVar[] => [
  ...common(s),
  value("METRICS_PORT", PORTS.beat),
  value("BEAT_SCHEDULES_SOURCE", "kubernetes"),
  // Handoffs in this namespace only: beat's Role is namespaced, like the operator's.
  fieldRef("BEAT_NAMESPACE", "metadata.namespace"),
];

export const operatorEnv = (s: FincoachSettings): V1EnvVar[] => [
  value("LOG_LEVEL", s.logLevel),
  fieldRef("WATCH_NAMESPACE", "metadata.namespace"),
  // Leader election: each replica's identity and the Lease's namespace (the Lease name is the default, fincoach-operator, which the generated Role is limited to).
  fieldRef("POD_NAME", "metadata.name"),
  fieldRef("POD_NAMESPACE", "metadata.namespace"),
  value("METRICS_PORT", PORTS.operator),
  // The per-SyncSchedule worker pools read the same Secret (envFrom).
  value("WORKER_ENV_SECRET", s.secretName),
  // The per-version ML pods read DATABASE_URL and REDIS_URL from it (secretKeyRef).
  value("MODEL_SERVER_SECRET", s.secretName),
];

/** `node packages/db/src/migrate-cli.ts` reads DATABASE_URL only. */
export const migrateEnv = (s: FincoachSettings): V1EnvVar[] => [secret(s, "DATABASE_URL")];
