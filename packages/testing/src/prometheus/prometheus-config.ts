/** One scrape job: static targets (`host:port`), with labels Prometheus attaches to each. */
export type ScrapeJob = {
  job: string;
  targets: readonly string[];
  /** Target labels, as service discovery would attach them (`{ namespace: "ml" }`). */
  labels?: Record<string, string>;
  metricsPath?: string;
};

export type PrometheusConfigInput = {
  scrapeIntervalMs: number;
  evaluationIntervalMs: number;
  jobs: readonly ScrapeJob[];
  /** Paths of rule files (recording and alerting rules). */
  ruleFiles: readonly string[];
};

const promDuration = (ms: number) => `${Math.round(ms)}ms`;

/**
 * prometheus.yml as JSON (YAML is a superset of it). The scrape timeout equals the
 * interval: Prometheus refuses a timeout longer than the interval, and the default (10 s)
 * is longer than the short intervals tests use.
 */
export const renderPrometheusConfig = (input: PrometheusConfigInput): string =>
  JSON.stringify(
    {
      global: {
        scrape_interval: promDuration(input.scrapeIntervalMs),
        scrape_timeout: promDuration(input.scrapeIntervalMs),
        evaluation_interval: promDuration(input.evaluationIntervalMs),
      },
      rule_files: input.ruleFiles,
      scrape_configs: input.jobs.map((j) => ({
        job_name: j.job,
        metrics_path: j.metricsPath ?? "/metrics",
        static_configs: [{ targets: j.targets, labels: j.labels ?? {} }],
      })),
    },
    null,
    2,
  );
