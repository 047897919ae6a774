export { PROMETHEUS_INSTALL_HINT, prometheusBinary } from "./prometheus-binary.ts";
export type { ScrapeJob } from "./prometheus-config.ts";
export { type PrometheusOptions, type PromSample, startPrometheus, type TestPrometheus } from "./start-prometheus.ts";
