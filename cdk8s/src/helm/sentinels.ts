/**
 * Settings whose every leaf is a recognisable marker, so the synthesized YAML shows where
 * each value went and the generator can put a `{{ .Values... }}` expression there:
 * strings become `@@v:<path>@@`, numbers a number of their own (7770001...), whole
 * objects and lists that a value replaces as one (`BLOCKS`) `@@b:<path>@@`, and the
 * namespace `@@ns@@` (the release's namespace).
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
  "networkPolicy.apiServerPorts",
  "networkPolicy.syncEgressPorts",
];

/** Settings that are not values: the namespace is the release's, and the toggles decide whole objects. */
const NOT_VALUES = new Set(["namespace", "dev.enabled", "ingress.enabled", "monitoring.enabled"]);

const FIRST_NUMBER = 7_770_001;

export type Sentinels = {
  readonly settings: FincoachSettings;
  /** The number standing for each numeric value's path. */
  readonly numbers: ReadonlyMap<number, string>;
};

/** `settings` with a marker in every leaf. */
export const sentinelSettings = (settings: FincoachSettings): Sentinels => {
  const numbers = new Map<number, string>();
  const walk = (value: unknown, path: string): unknown => {
    if (path === "namespace") return "@@ns@@";
    if (NOT_VALUES.has(path)) return value;
    if (BLOCKS.includes(path)) return `@@b:${path}@@`;
    if (typeof value === "string") return `@@v:${path}@@`;
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
