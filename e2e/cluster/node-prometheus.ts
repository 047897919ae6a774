import { loadYaml } from "@kubernetes/client-node";

/** One `scrape_configs` entry, as far as this file reads it. */
type ScrapeJob = { job_name: string; kubernetes_sd_configs?: Record<string, unknown>[] } & Record<string, unknown>;

/**
 * prometheus.yml (as JSON, which YAML reads) for a Prometheus on the host from a
 * `scrape_configs` document written for one inside the cluster, such as the chart's plain
 * configuration. Inside, Kubernetes discovery takes the pod's ServiceAccount; a host process
 * has none, so each `kubernetes_sd_configs` entry gets `kubeconfig_file` and nothing else
 * changes: the jobs, their relabelling and intervals are the document's own.
 */
export const hostPrometheusConfig = (
  scrapeConfigsYaml: string,
  kubeconfig: string,
  ruleFiles: readonly string[],
): string => {
  const { scrape_configs: jobs } = loadYaml<{ scrape_configs?: ScrapeJob[] }>(scrapeConfigsYaml);
  if (!jobs?.length) throw new Error("prometheus: the scrape configuration has no scrape_configs");
  return JSON.stringify(
    {
      rule_files: ruleFiles,
      scrape_configs: jobs.map((job) => ({
        ...job,
        ...(job.kubernetes_sd_configs
          ? { kubernetes_sd_configs: job.kubernetes_sd_configs.map((sd) => ({ ...sd, kubeconfig_file: kubeconfig })) }
          : {}),
      })),
    },
    null,
    2,
  );
};

export const prometheusFlags = (o: { config: string; storage: string; port: number }): string[] => [
  `--config.file=${o.config}`,
  `--storage.tsdb.path=${o.storage}`,
  `--web.listen-address=127.0.0.1:${o.port}`,
  "--storage.tsdb.retention.time=1h",
];

/** One sample of an instant vector. */
export type PromSample = { metric: Record<string, string>; value: number };

type Answer = {
  status: string;
  error?: string;
  data?: { result: { metric: Record<string, string>; value: [number, string] }[] };
};

/** An instant PromQL query against `url`; throws with Prometheus' error. */
export const promQuery = async (url: string, promql: string): Promise<PromSample[]> => {
  const response = await fetch(`${url}/api/v1/query?${new URLSearchParams({ query: promql })}`, {
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await response.json()) as Answer;
  if (body.status !== "success" || !body.data) throw new Error(`prometheus query ${promql}: ${body.error}`);
  return body.data.result.map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
};
