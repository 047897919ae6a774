/**
 * Settings whose every leaf is a recognisable marker, so the synthesized YAML shows where
 * each value went and the generator can put a `{{ .Values... }}` expression there:
 * strings become `__v.<path>__`, numbers a number of their own (7770001...), whole
 * objects and lists that a value replaces as one (`BLOCKS`) `__b.<path>__`, and the
 * namespace `__ns__` (the release's namespace). The markers are plain YAML scalars, so
 * YAML embedded in a ConfigMap (the plain scrape config) never quotes them. Booleans stay: they are the toggles of
 * whole objects, which the generator synthesizes all on (fincoach-chart.ts `allPartsOn`).
 */
import type { FincoachSettings } from "../settings.ts";

/** Settings paths replaced as one YAML block (`toYaml`), not leaf by leaf. */
export const BLOCKS: readonly string[] = [
  "api.resources",
  "ml.resources",
  "worker.resources",
  "beat.resources",
  "operator.resources",
  "migrate.resources",
  "ingress.annotations",
  "ingress.tls",
  "networkPolicy.apiServerPorts",
  "networkPolicy.syncEgressPorts",
  "networkPolicy.artifactEgressPorts",
  "networkPolicy.webhookEgressPorts",
  "networkPolicy.smtpEgressPorts",
];

/** Booleans that are values of a field (an env variable), not toggles of whole objects. */
export const VALUE_BOOLEANS: readonly string[] = ["webhooks.allowPrivate"];

const FIRST_NUMBER = 7_770_001;
export const NAMESPACE_MARKER = "__ns__";

export type Sentinels = {
  readonly settings: FincoachSettings;
  /** The number standing for each numeric value's path. */
  readonly numbers: ReadonlyMap<number, string>;
};

/** `settings` with a marker in every leaf. */
export const sentinelSettings = (settings: FincoachSettings): Sentinels => {
  const numbers = new Map<number, string>();
  const walk = (value: unknown, path: string): unknown => {
    if (path === "namespace") return NAMESPACE_MARKER;
    if (VALUE_BOOLEANS.includes(path)) return `__v.${path}__`;
    // Toggles decide whole objects (features), never a field.
    if (typeof value === "boolean") return value;
    if (BLOCKS.includes(path)) return `__b.${path}__`;
    if (typeof value === "string") return `__v.${path}__`;
    if (typeof value === "number") {
      const n = FIRST_NUMBER + numbers.size;
      numbers.set(n, path);
      return n;
    }
    if (typeof value === "object" && value !== null && !Array.isArray(value))
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, path ? `${path}.${k}` : k)]));
    throw new Error(`helm: settings.${path} has no value form (add it to BLOCKS)`);
  };
  return { settings: walk(settings, "") as FincoachSettings, numbers };
};
