import { TRAFFIC_WEIGHTS_CONFIGMAP } from "@fincoach/contracts";
import { Construct } from "constructs";
import { PORTS, TRAFFIC_WEIGHTS_DIR } from "../names.ts";
import { trafficWeightsVolume, Workload, type WorkloadProps } from "./workload.ts";

/**
 * The champion ML service (`fincoach-ml`, port `http` 8080 like the operator's per-version
 * Deployments). The per-version Deployments and Services are the operator's (one per
 * ModelVersion, named like it, labels `app.kubernetes.io/component: model-server`).
 */
export type MlProps = WorkloadProps & { readonly replicas: number };

export class Ml extends Construct {
  constructor(scope: Construct, id: string, props: MlProps) {
    super(scope, id);
    new Workload(this, "workload", {
      ...props,
      component: "ml",
      replicas: props.replicas,
      ports: [
        { name: "http", containerPort: PORTS.ml },
        { name: "metrics", containerPort: PORTS.ml_metrics },
      ],
      probePort: "http",
      preStopDelaySeconds: 5,
      serviceAccountToken: false,
      volumes: [trafficWeightsVolume(TRAFFIC_WEIGHTS_CONFIGMAP)],
      volumeMounts: [{ name: "traffic-weights", mountPath: TRAFFIC_WEIGHTS_DIR, readOnly: true }],
    });
  }
}
