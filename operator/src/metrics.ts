import { promQueueMetrics, type QueueMetrics, type ReconcileRequest, type ReconcileResult } from "@fincoach/kube";
import { createMetrics } from "@fincoach/telemetry";
import { Counter, Gauge, Histogram, type Registry } from "prom-client";

/** The operator's Prometheus series (plus process defaults and controller-runtime-style workqueue_*). */
export type OperatorMetrics = {
  registry: Registry;
  reconciles: Counter<"controller" | "result">;
  errors: Counter<"controller">;
  duration: Histogram<"controller">;
  isLeader: Gauge;
  rollbacks: Counter<"namespace" | "model_version" | "reason">;
  queue(controller: string): QueueMetrics;
};

/** One registry per operator instance, so tests can run several in one process. */
export const createOperatorMetrics = (): OperatorMetrics => {
  const { registry } = createMetrics("operator");
  const registers = [registry];
  return {
    registry,
    reconciles: new Counter({
      name: "fincoach_operator_reconciles_total",
      help: "Reconciles by controller and result (success, requeue, error)",
      labelNames: ["controller", "result"] as const,
      registers,
    }),
    errors: new Counter({
      name: "fincoach_operator_reconcile_errors_total",
      help: "Reconciles that failed and were retried with backoff",
      labelNames: ["controller"] as const,
      registers,
    }),
    duration: new Histogram({
      name: "fincoach_operator_reconcile_duration_seconds",
      help: "Time spent in one reconcile",
      labelNames: ["controller"] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    isLeader: new Gauge({
      name: "fincoach_operator_is_leader",
      help: "1 while this replica holds the Lease",
      registers,
    }),
    rollbacks: new Counter({
      name: "fincoach_operator_rollbacks_total",
      help: "ModelVersions the rollout moved to RolledBack, by namespace, ModelVersion name and failed check (e.g. ErrorRateExceeded); once per transition",
      labelNames: ["namespace", "model_version", "reason"] as const,
      registers,
    }),
    queue: (controller) => promQueueMetrics(registry, controller),
  };
};

type Reconcile = (request: ReconcileRequest) => Promise<ReconcileResult | undefined>;

/** Wraps a reconcile function with the reconcile counters and duration histogram. */
export const instrumentReconcile =
  (metrics: OperatorMetrics, controller: string, reconcile: Reconcile): Reconcile =>
  async (request) => {
    const end = metrics.duration.startTimer({ controller });
    try {
      const result = await reconcile(request);
      const requeued = result && (result.requeue || result.requeueAfterMs !== undefined);
      metrics.reconciles.inc({ controller, result: requeued ? "requeue" : "success" });
      return result;
    } catch (error) {
      metrics.reconciles.inc({ controller, result: "error" });
      metrics.errors.inc({ controller });
      throw error;
    } finally {
      end();
    }
  };
