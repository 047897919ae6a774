import type { Database } from "@fincoach/db";
import type { ScoreModel } from "@fincoach/domain";
import type { Logger } from "@fincoach/logging";
import { TrafficWeightsFile } from "@fincoach/ml-client";
import type { Registry } from "prom-client";
import type { MlConfig } from "./env.ts";
import type { ArtifactLoader } from "./registry/load-version.ts";
import { ModelRegistry } from "./registry/model-registry.ts";
import { PersonModels } from "./registry/person-models.ts";
import { syncServedVersions } from "./registry/sync-served-versions.ts";
import { versionKey } from "./registry/version-ref.ts";
import { VersionRouter } from "./routing/version-router.ts";
import { createInProcessScoreModel } from "./scoring/in-process-score-model.ts";
import { createMlMetrics, type MlMetrics } from "./scoring/ml-metrics.ts";
import { PredictionLog } from "./scoring/prediction-log.ts";

export type MlServiceOptions = {
  database: Database;
  config: MlConfig;
  logger: Logger;
  /** Where the ML metrics are registered (the service's Prometheus registry). */
  registry: Registry;
  load?: ArtifactLoader;
  now?: () => number;
};

/**
 * Everything that serves models in one process, wired once: the registry of loaded versions,
 * people's own models, the traffic weights, the router, the prediction log and the
 * in-process `ScoreModel`. `start()` loads what the configuration says to serve and begins
 * following the weights file and (laptop mode) the registry.
 */
export const createMlService = ({ database, config, logger, registry: promRegistry, load, now }: MlServiceOptions) => {
  const db = database.db;
  const registry = new ModelRegistry({
    db,
    logger,
    fetchTimeoutMs: config.serving.artifactFetchTimeoutMs,
    ...(load ? { load } : {}),
  });
  const personModels = new PersonModels({
    db,
    registry,
    cacheMs: config.personModels.cacheSeconds * 1000,
    cacheSize: config.personModels.cacheSize,
    ...(now ? { now } : {}),
  });
  const weightsFile = config.routing.weightsFile
    ? new TrafficWeightsFile({ path: config.routing.weightsFile, logger })
    : null;
  const shadow = new Set(config.routing.shadow.map(versionKey));
  const router = new VersionRouter({
    registry,
    personModels,
    weights: () => weightsFile?.current() ?? null,
    model: config.serving.defaultModel,
    shadow,
  });
  const metrics: MlMetrics = createMlMetrics(promRegistry);
  const log = new PredictionLog(metrics, config.stats.retentionSeconds * 1000, now);
  const shadowWork = new Set<Promise<void>>();
  const scoreModel: ScoreModel = createInProcessScoreModel({
    router,
    log,
    logger,
    onShadow: (work) => {
      shadowWork.add(work);
      void work.finally(() => shadowWork.delete(work));
    },
  });
  const plan = { pinned: config.serving.pinned, shadow: config.routing.shadow };
  const sync = () => syncServedVersions({ db, registry, plan, logger });
  let timer: NodeJS.Timeout | null = null;

  return {
    config,
    logger,
    database,
    registry,
    personModels,
    router,
    metrics,
    log,
    scoreModel,
    weightsFile,
    shadow,
    /** Loads the versions to serve once, then keeps following the registry and the weights file. */
    start: async () => {
      await weightsFile?.start();
      await sync();
      timer = setInterval(
        () => void sync().catch((e) => logger.warn({ err: (e as Error).message }, "registry sync failed")),
        config.serving.refreshSeconds * 1000,
      );
      timer.unref();
    },
    /** Re-reads the registry now (a test, or right after registering a version here). */
    sync,
    /** Resolves once shadow scoring started so far has finished. */
    shadowIdle: () => Promise.allSettled([...shadowWork]).then(() => {}),
    close: async () => {
      if (timer) clearInterval(timer);
      weightsFile?.stop();
      await Promise.allSettled([...shadowWork]);
      await registry.close();
    },
  };
};
export type MlService = ReturnType<typeof createMlService>;
