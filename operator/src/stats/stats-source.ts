import { parseVersionStats, statsPath, type VersionStats } from "@fincoach/contracts";

/** Which version's stats, over which trailing window, and where its Service lives. */
export type StatsQuery = { namespace: string; service: string; model: string; version: string; window: string };

/**
 * Where the operator reads a candidate's analysis figures: the ML service's stats
 * endpoint (here) or Prometheus (prometheus-stats-source.ts); STATS_SOURCE picks one.
 */
export type StatsSource = { get(query: StatsQuery): Promise<VersionStats> };

/**
 * fetch's own message says only "fetch failed": the cause (ECONNREFUSED, ENOTFOUND,
 * EAI_AGAIN, a reset socket) is what tells a person reading the rollout's condition
 * whether the Service had no endpoint, the name did not resolve or the pod went away.
 */
const describeFetchError = (error: unknown): string => {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
  const detail = cause ? [cause.code, cause.message].filter((x) => typeof x === "string" && x !== "").join(" ") : "";
  return detail ? `${error.message} (${detail})` : error.message;
};

/** Fills `{service}`, `{namespace}`, `{model}`, `{version}` in a base URL template. */
export const expandUrlTemplate = (template: string, q: StatsQuery): string =>
  template.replace(/\{(service|namespace|model|version)\}/g, (_, key: keyof StatsQuery) => encodeURIComponent(q[key]));

/**
 * Reads `GET /v1/models/:model/versions/:version/stats?window=` from the ML service (base
 * URL from the template) and validates the body against the contract; anything else (a
 * timeout, a non-200, a body about another version) throws, which the rollout counts as
 * a failed check.
 */
export const httpStatsSource = (options: { urlTemplate: string; timeoutMs: number }): StatsSource => ({
  async get(query) {
    const base = expandUrlTemplate(options.urlTemplate, query).replace(/\/+$/, "");
    const url = `${base}${statsPath(query.model, query.version, query.window)}`;
    const response = await fetch(url, { signal: AbortSignal.timeout(options.timeoutMs) }).catch((error: unknown) => {
      throw new Error(`GET ${url}: ${describeFetchError(error)}`);
    });
    if (response.status !== 200) throw new Error(`GET ${url}: HTTP ${response.status}`);
    const stats = parseVersionStats(await response.json());
    if (stats.model !== query.model || stats.version !== query.version) {
      throw new Error(`GET ${url}: stats are about ${stats.model}/${stats.version}`);
    }
    return stats;
  },
});
