import type { BaseEnv } from "@fincoach/http";
import type { Redis } from "ioredis";
import type { Registry } from "prom-client";
import type { MlService } from "./ml-service.ts";

/** What the ML service's handlers depend on; built once in main.ts (or a test) and passed in. */
export type MlDeps = {
  ml: MlService;
  /** Readiness checks it; null when this process runs no queue (a test of the routes alone). */
  redis: Redis | null;
  /** Serves `/metrics` on the app's own port when set (the operator's Deployment has one port). */
  metricsRegistry: Registry | null;
  /** Called after a person's correction is recorded: enqueues their retraining when it is due. */
  onCorrection?: (userId: string) => Promise<void>;
};

export type MlContext = { Variables: BaseEnv["Variables"] & { deps: MlDeps } };
