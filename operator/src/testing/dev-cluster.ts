/**
 * A local control plane for running the operator by hand (docs/operator.md):
 * `sh scripts/node.sh operator/src/testing/dev-cluster.ts`. Starts etcd + kube-apiserver,
 * installs the CRDs and the operator's RBAC, prints the admin and operator kubeconfigs,
 * and keeps running until Ctrl-C (which tears everything down).
 */
import { startOperatorCluster } from "./operator-cluster.ts";

const cluster = await startOperatorCluster();
await cluster.createNamespace("fincoach");
const out = (line: string) => process.stdout.write(`${line}\n`);
out(`control plane up at ${cluster.cp.server}`);
out(`admin:    export KUBECONFIG=${cluster.cp.kubeconfigPath}`);
out(`operator: KUBECONFIG=${cluster.operatorUser.kubeconfigPath} POD_NAMESPACE=fincoach-system \\`);
out("          ROLLOUT_REQUIRE_AVAILABLE=false sh scripts/node.sh operator/src/main.ts");
out(`kubectl:  ${cluster.cp.binDir}/kubectl`);
out("Ctrl-C stops it.");
const stop = () => void cluster.stop().finally(() => process.exit(0));
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
setInterval(() => {}, 1 << 30);
