import { TRAFFIC_WEIGHTS_CONFIGMAP } from "@fincoach/contracts";
import { Construct } from "constructs";
import { PORTS, TRAFFIC_WEIGHTS_DIR } from "../names.ts";
import { trafficWeightsVolume, Workload, type WorkloadProps } from "./workload.ts";

/**
 * The default worker pool (queue `sync` and the categorize/training queues). The pools of
 * each SyncSchedule are the operator's (`<schedule>-workers`, component `sync-worker`).
 */
export type WorkerProps = WorkloadProps & { readonly replicas: number };

export class Worker extends Construct {
  constructor(scope: Construct, id: string, props: WorkerProps) {
    super(scope, id);
    new Workload(this, "workload", {
      ...props,
      component: "worker",
      replicas: props.replicas,
      ports: [{ name: "metrics", containerPort: PORTS.worker }],
      probePort: "metrics",
      serviceAccountToken: false,
      // SHUTDOWN_GRACE_MS (25 s) for running jobs, then exit before SIGKILL.
      terminationGracePeriodSeconds: 40,
      volumes: [trafficWeightsVolume(TRAFFIC_WEIGHTS_CONFIGMAP)],
      volumeMounts: [{ name: "traffic-weights", mountPath: TRAFFIC_WEIGHTS_DIR, readOnly: true }],
    });
  }
}
