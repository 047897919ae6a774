/**
 * The operator process: parse the environment, load the kubeconfig (in-cluster or
 * KUBECONFIG), serve /metrics, /healthz and /readyz, watch, campaign for the Lease and
 * reconcile while leading. SIGTERM stops reconciling and releases the Lease so a standby
 * takes over at once (exit 0); controllers that cannot start, or a lost Lease, end the
 * process with exit 1 after the Lease is released, as controller-runtime does.
 */
import { loadEnvOrExit } from "@fincoach/config";
import { KubeConnection } from "@fincoach/kube";
import { createLogger } from "@fincoach/logging";
import { serve } from "@hono/node-server";
import { OperatorEnv, toOperatorConfig } from "./env.ts";
import { createOperator } from "./operator.ts";

const env = loadEnvOrExit("operator", OperatorEnv, process.env);
const config = toOperatorConfig(env);
const logger = createLogger({ service: "operator", level: env.LOG_LEVEL });
const connection = await loadConnectionOrExit();

const operator = createOperator({ connection, config, logger });
const server = serve({ fetch: operator.app.fetch, port: config.http.port, hostname: config.http.host }, (info) => {
  logger.info(
    { port: info.port, identity: config.identity, namespace: config.watchNamespace ?? "(all)" },
    "operator listening",
  );
});
process.once("SIGTERM", () => void operator.stop());
process.once("SIGINT", () => void operator.stop());
void operator.ending.then((end) => {
  logger.info({ reason: end.reason }, "shutting down");
  // The grace period for reconciles, then time to release the Lease; never longer.
  setTimeout(() => process.exit(1), config.gracefulShutdownMs + 10_000).unref();
});
await operator.start();
const end = await operator.finished;
server.close();
process.exit(end.reason === "stopped" ? 0 : 1);

/** The cluster credentials (KUBECONFIG, the pod's ServiceAccount, or ~/.kube/config); one clear line if none. */
async function loadConnectionOrExit(): Promise<KubeConnection> {
  try {
    return await KubeConnection.fromDefault();
  } catch (error) {
    process.stderr.write(`operator: ${(error as Error).message}\n`);
    process.exit(1);
  }
}
