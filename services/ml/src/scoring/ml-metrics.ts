import { ML_METRICS } from "@fincoach/contracts";
import { Counter, Histogram, type Registry } from "prom-client";

/** The Prometheus series the operator's Prometheus stats source reads (contracts ML_METRICS). */
export type MlMetrics = {
  predictions: Counter<"model" | "version">;
  errors: Counter<"model" | "version">;
  latency: Histogram<"model" | "version">;
  feedback: Counter<"model" | "version" | "outcome">;
};

export const createMlMetrics = (registry: Registry): MlMetrics => ({
  predictions: new Counter({ ...ML_METRICS.predictions, labelNames: ["model", "version"], registers: [registry] }),
  errors: new Counter({ ...ML_METRICS.errors, labelNames: ["model", "version"], registers: [registry] }),
  latency: new Histogram({
    ...ML_METRICS.latency,
    labelNames: ["model", "version"],
    buckets: [...ML_METRICS.latency.buckets],
    registers: [registry],
  }),
  feedback: new Counter({
    ...ML_METRICS.feedback,
    labelNames: ["model", "version", "outcome"],
    registers: [registry],
  }),
});
