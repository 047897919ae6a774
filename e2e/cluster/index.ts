export { INGRESS_CLASS } from "./ingress-controller.ts";
export { type KubectlResult, kubectlOk, runKubectl } from "./kubectl.ts";
export { diffSnapshots, type MachineSnapshot, takeSnapshot } from "./machine-snapshot.ts";
export { type ExternalMetrics, type ExternalMetricsSource, startExternalMetrics } from "./metrics-adapter.ts";
export { CLUSTER_DOMAIN, DNS_SERVICE_IP, NODE_IP, NODE_NAME, nodePaths } from "./node-layout.ts";
export { type RealNode, type StartNodeOptions, startNode } from "./start-node.ts";
export { teardownNode } from "./teardown-node.ts";
