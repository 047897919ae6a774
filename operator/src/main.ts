/**
 * The operator process: parse the environment, load the kubeconfig (in-cluster or
 * KUBECONFIG), serve /metrics, /healthz and /readyz, watch, campaign for the Lease and
 * reconcile while leading; on SIGTERM stop reconciling and release the Lease so a
 * standby takes over at once.
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
const connection = loadConnectionOrExit();

const operator = createOperator({ connection, config, logger });
const server = serve({ fetch: operator.app.fetch, port: config.http.port, hostname: config.http.host }, (info) => {
  logger.info(
    { port: info.port, identity: config.identity, namespace: config.watchNamespace ?? "(all)" },
    "operator listening",
  );
});
await operator.start();

const shutdown = (signal: string) => {
  logger.info({ signal }, "shutting down");
  setTimeout(() => process.exit(1), 15_000).unref();
  void operator
    .stop()
    .catch((error: unknown) => logger.error({ err: String(error) }, "shutdown failed"))
    .finally(() => server.close(() => process.exit(0)));
};
process.once("SIGTERM", () => shutdown("SIGTERM"));
process.once("SIGINT", () => shutdown("SIGINT"));

/** The cluster credentials (KUBECONFIG, the pod's ServiceAccount, or ~/.kube/config); one clear line if none. */
function loadConnectionOrExit(): KubeConnection {
  try {
    return KubeConnection.fromDefault();
  } catch (error) {
    process.stderr.write(`operator: ${(error as Error).message}\n`);
    process.exit(1);
  }
}
