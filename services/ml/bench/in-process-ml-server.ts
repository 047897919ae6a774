import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "@fincoach/logging";
import { createMetrics } from "@fincoach/telemetry";
import type { TestDatabase } from "@fincoach/testing";
import { MlEnv, toMlConfig } from "../src/env.ts";
import { createMlListener } from "../src/ml-listener.ts";
import { createMlService } from "../src/ml-service.ts";

/**
 * The ML service's HTTP listener on a real socket (127.0.0.1, a free port) in this process,
 * over `database` with default settings: no Redis, no metrics route. For the latency benches,
 * which time the client side of real requests.
 */
export const startInProcessMlServer = async (database: TestDatabase, logger: Logger) => {
  const config = toMlConfig(MlEnv.parse({ DATABASE_URL: database.url, LOG_LEVEL: "warn" }));
  const metrics = createMetrics("ml");
  const ml = createMlService({ database, config, logger, registry: metrics.registry });
  await ml.start();
  const { listener } = createMlListener({
    deps: { ml, redis: null, metricsRegistry: null },
    logger,
    metrics,
    hostname: "127.0.0.1",
  });
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.close();
      await ml.close();
    },
  };
};
