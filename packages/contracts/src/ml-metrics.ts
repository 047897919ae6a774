import { Duration, durationToMs } from "./duration.ts";

/** The outcomes of a user's feedback on a suggestion: kept the category, or changed it. */
export const FEEDBACK_OUTCOMES = ["accepted", "corrected"] as const;
export type FeedbackOutcome = (typeof FEEDBACK_OUTCOMES)[number];

/**
 * Latency buckets (seconds) of the prediction histogram. Part of the contract because the
 * p99 Prometheus reports is interpolated inside a bucket: these bounds are the resolution
 * the rollout's `maxLatencyP99Ms` gate (1000 ms by default) is judged at.
 */
export const ML_LATENCY_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 1, 1.5, 2.5, 5, 10] as const;

/**
 * Where the operator's per-version ML pods serve `/metrics`: `METRICS_PORT` on a container
 * port of this name, apart from the traffic port, as the chart's own ML pods do. The chart's
 * model-server PodMonitor, plain scrape job and Prometheus NetworkPolicy use the same.
 */
export const MODEL_SERVER_METRICS_PORT = { name: "metrics", number: 9464 } as const;

/**
 * The Prometheus metrics every ML service pod exposes on `/metrics`, one series per
 * (model, version) it serves. Shaped as prom-client's options, so the ML service (and a
 * test's stand-in) registers them by spreading these: `new Counter({ ...ML_METRICS.predictions })`.
 * Prometheus adds its own target labels (`namespace`, `pod`, ...) on scrape.
 */
export const ML_METRICS = {
  predictions: {
    name: "fincoach_ml_predictions_total",
    help: "Predictions answered or failed, per model version.",
    labelNames: ["model", "version"],
  },
  /** A subset of predictions: those that failed (5xx, model errors, timeouts). */
  errors: {
    name: "fincoach_ml_prediction_errors_total",
    help: "Predictions that failed (5xx, model errors, timeouts), per model version.",
    labelNames: ["model", "version"],
  },
  latency: {
    name: "fincoach_ml_prediction_duration_seconds",
    help: "Time to answer a prediction, in seconds, per model version.",
    labelNames: ["model", "version"],
    // A fresh mutable copy: prom-client's option type is number[].
    buckets: [...ML_LATENCY_BUCKETS_SECONDS] as number[],
  },
  feedback: {
    name: "fincoach_ml_feedback_total",
    help: "Users' feedback on a version's suggestions, by outcome (accepted | corrected).",
    labelNames: ["model", "version", "outcome"],
  },
} as const;

/** Which version, over which trailing window, and which target labels narrow it further. */
export type MlStatsSelector = {
  model: string;
  version: string;
  /** A contract `Duration` (`30s`, `5m`): the rollout's `interval`. */
  window: string;
  /**
   * Labels Prometheus attached to the targets on scrape, matched exactly, e.g.
   * `{ namespace: "ml" }` so that two namespaces serving the same model do not add up.
   */
  scope?: Record<string, string>;
};

/** One PromQL expression per VersionStats figure, each an instant query with at most one sample. */
export type MlStatsQueries = {
  predictions: string;
  errors: string;
  /** Seconds; NaN (or no sample) when the window holds no observation. */
  latencyP99Seconds: string;
  feedbackTotal: string;
  feedbackAccepted: string;
};

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
/** Labels the queries set themselves; a scope naming one would contradict them. */
const RESERVED_LABELS = new Set(["model", "version", "outcome", "le"]);

const ESCAPES = new Map([
  ["\\", "\\\\"],
  ['"', '\\"'],
  ["\n", "\\n"],
  ["\r", "\\r"],
  ["\t", "\\t"],
]);
const escapeChar = (c: string): string => {
  const code = c.charCodeAt(0);
  return ESCAPES.get(c) ?? (code < 0x20 || code === 0x7f ? `\\x${code.toString(16).padStart(2, "0")}` : c);
};

/**
 * A PromQL double-quoted string literal. PromQL unquotes strings like Go, so backslash,
 * the quote and control characters must be escaped or a label value could end the literal
 * early (and change the query) or fail to parse.
 */
export const promqlString = (value: string): string => `"${Array.from(value, escapeChar).join("")}"`;

const UNITS = [
  ["h", 3_600_000],
  ["m", 60_000],
  ["s", 1000],
  ["ms", 1],
] as const;

/**
 * A contract duration in PromQL's form: units largest first, each at most once (`90s` ->
 * `1m30s`), which PromQL requires and the contract's pattern does not.
 */
export const promqlDuration = (window: string): string => {
  let ms = durationToMs(Duration.parse(window));
  let out = "";
  for (const [unit, size] of UNITS) {
    const n = Math.floor(ms / size);
    if (n > 0) out += `${n}${unit}`;
    ms -= n * size;
  }
  return out;
};

/** `{model="...",version="...",<scope>}` with every value escaped; label names checked. */
const matchers = (labels: Record<string, string>): string => {
  const parts = Object.entries(labels).map(([name, value]) => {
    if (!LABEL_NAME.test(name)) throw new RangeError(`not a Prometheus label name: ${name}`);
    return `${name}=${promqlString(value)}`;
  });
  return `{${parts.join(",")}}`;
};

/**
 * The PromQL each VersionStats figure comes from, over the trailing window, summed over
 * every pod (and instance) serving the version. `increase` extrapolates to the window's
 * edges, so counts are estimates (the source rounds them); the p99 is interpolated within
 * a bucket of ML_LATENCY_BUCKETS_SECONDS. A window shorter than two scrape intervals
 * holds fewer than two samples and so no data.
 */
export const mlStatsQueries = (selector: MlStatsSelector): MlStatsQueries => {
  const range = `[${promqlDuration(selector.window)}]`;
  const scope = selector.scope ?? {};
  for (const name of Object.keys(scope)) {
    if (RESERVED_LABELS.has(name)) throw new RangeError(`scope may not name the metrics' own label ${name}`);
  }
  const version = { model: selector.model, version: selector.version, ...scope };
  const of = (metric: string, labels: Record<string, string> = version) => `${metric}${matchers(labels)}${range}`;
  const sumIncrease = (metric: string, labels?: Record<string, string>) => `sum(increase(${of(metric, labels)}))`;
  return {
    predictions: sumIncrease(ML_METRICS.predictions.name),
    errors: sumIncrease(ML_METRICS.errors.name),
    latencyP99Seconds: `histogram_quantile(0.99, sum by (le) (rate(${of(`${ML_METRICS.latency.name}_bucket`)})))`,
    feedbackTotal: sumIncrease(ML_METRICS.feedback.name),
    feedbackAccepted: sumIncrease(ML_METRICS.feedback.name, {
      ...version,
      outcome: "accepted" satisfies FeedbackOutcome,
    }),
  };
};
