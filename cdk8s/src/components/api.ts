import { TRAFFIC_WEIGHTS_CONFIGMAP } from "@fincoach/contracts";
import type { V2HorizontalPodAutoscaler } from "@kubernetes/client-node";
import { Construct } from "constructs";
import { labelsOf, nameOf, PORTS, TRAFFIC_WEIGHTS_DIR } from "../names.ts";
import { k8sObject } from "../objects.ts";
import { trafficWeightsVolume, Workload, type WorkloadProps } from "./workload.ts";

/** The HTTP API: Deployment (replicas owned by the HPA), Service, HPA on CPU, PDB. */
export type ApiProps = WorkloadProps & {
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /** Average CPU utilization (percent of requests) the HPA aims for. */
  readonly targetCpuUtilization: number;
};

export class Api extends Construct {
  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    const workload = new Workload(this, "workload", {
      ...props,
      component: "api",
      replicas: undefined,
      ports: [
        { name: "http", containerPort: PORTS.api },
        { name: "metrics", containerPort: PORTS.apiMetrics },
      ],
      probePort: "http",
      preStopDelaySeconds: 5,
      serviceAccountToken: false,
      volumes: [trafficWeightsVolume(TRAFFIC_WEIGHTS_CONFIGMAP)],
      volumeMounts: [{ name: "traffic-weights", mountPath: TRAFFIC_WEIGHTS_DIR, readOnly: true }],
    });
    k8sObject<V2HorizontalPodAutoscaler>(this, "hpa", {
      apiVersion: "autoscaling/v2",
      kind: "HorizontalPodAutoscaler",
      metadata: { name: nameOf("api"), namespace: props.namespace, labels: labelsOf("api") },
      spec: {
        scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: workload.name },
        minReplicas: props.minReplicas,
        maxReplicas: props.maxReplicas,
        metrics: [
          {
            type: "Resource",
            resource: { name: "cpu", target: { type: "Utilization", averageUtilization: props.targetCpuUtilization } },
          },
        ],
      },
    });
  }
}
