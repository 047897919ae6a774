import type { Database } from "@fincoach/db";
import type { ScoreModel, SyncJobQueue } from "@fincoach/domain";
import type { BaseEnv } from "@fincoach/http";
import type { Logger } from "@fincoach/logging";
import type { Redis } from "ioredis";
import type { ApiConfig } from "./env.ts";

/** What the API's handlers depend on; built once in main.ts (or a test) and passed in. */
export type ApiDeps = {
  database: Database;
  redis: Redis;
  config: ApiConfig;
  /** The categorization pipeline's model stage (an HTTP call to the ML service); absent: rules and memory only. */
  scoreModel?: ScoreModel | undefined;
  /** Where requested syncs go; absent: a BullMQ producer on `redis` (routes/sync-jobs/bullmq-sync-job-queue.ts). */
  syncJobQueue?: SyncJobQueue | undefined;
  /** The process's logger, for what no request owns (its BullMQ producers' Redis errors). */
  logger?: Logger | undefined;
};

/** Hono environment (context variables) of the API: base variables, the deps, and the authenticated user. */
export type ApiContext = {
  Variables: BaseEnv["Variables"] & { deps: ApiDeps; userId: string };
};
