import {
  type Clock,
  type Controller,
  EventRecorder,
  type KubeConnection,
  KubeObjectApi,
  LeaderElector,
  leaseClient,
  systemClock,
} from "@fincoach/kube";
import type { Logger } from "@fincoach/logging";
import { createControllers } from "./controllers.ts";
import type { OperatorConfig } from "./env.ts";
import { createHttpApp } from "./http-server.ts";
import { allInformers, createInformers, type OperatorInformers } from "./informers.ts";
import { OperatorClient } from "./kube/operator-client.ts";
import { WrittenStatuses } from "./kube/written-statuses.ts";
import { REPORTING_CONTROLLER } from "./labels.ts";
import { createOperatorMetrics, type OperatorMetrics } from "./metrics.ts";
import type { ReconcileDeps } from "./reconcile-deps.ts";
import { createStatsSource } from "./stats/create-stats-source.ts";
import type { StatsSource } from "./stats/stats-source.ts";

/** What the operator is built from; tests inject the stats source, the clock or a wrapped API. */
export type OperatorOptions = {
  /** Where and as whom (KubeConnection.fromDefault() in a pod). */
  connection: KubeConnection;
  config: OperatorConfig;
  logger: Logger;
  statsSource?: StatsSource;
  clock?: Clock;
  /** Wraps the API client every reconcile write goes through (tests inject conflicts). */
  wrapApi?: (api: KubeObjectApi) => KubeObjectApi;
};

/** A running operator: informers always, controllers while it leads. */
export type Operator = {
  app: ReturnType<typeof createHttpApp>;
  metrics: OperatorMetrics;
  client: OperatorClient;
  informers: OperatorInformers;
  controllers: Controller[];
  isLeader(): boolean;
  informersSynced(): boolean;
  /** Starts the informers (a standby keeps them warm) and campaigns for the Lease. */
  start(): Promise<void>;
  /** Graceful: stops reconciling, releases the Lease for a fast handover, stops the informers. */
  stop(): Promise<void>;
};

/**
 * Wires informers -> work queues -> reconcilers -> server-side apply, behind leader
 * election: every replica lists and watches, only the Lease holder reconciles.
 */
export const createOperator = (options: OperatorOptions): Operator => {
  const { connection, config, logger } = options;
  const clock = options.clock ?? systemClock;
  const metrics = createOperatorMetrics();
  const api = KubeObjectApi.fromConnection(connection);
  const client = new OperatorClient(options.wrapApi ? options.wrapApi(api) : api);
  const informers = createInformers({
    connection,
    namespace: config.watchNamespace,
    clock,
    onError: (resource, error, restartInMs) =>
      logger.warn(
        { resource, restartInMs, err: error instanceof Error ? error.message : String(error) },
        "watch failed; restarting",
      ),
  });
  const recorder = new EventRecorder({
    client: api,
    reportingController: REPORTING_CONTROLLER,
    reportingInstance: config.identity,
    clock,
    onError: (error) =>
      logger.warn({ err: error instanceof Error ? error.message : String(error) }, "event not recorded"),
  });
  const deps: ReconcileDeps = {
    client,
    informers,
    recorder,
    clock,
    logger,
    statsSource: options.statsSource ?? createStatsSource(config.stats),
    written: new WrittenStatuses(),
    config: { syncSchedule: config.syncSchedule, requireAvailable: config.requireAvailable },
  };
  const controllers = createControllers(deps, metrics, { workers: config.workers, resyncMs: config.resyncMs });
  const elector = new LeaderElector({
    client: leaseClient(api.http),
    namespace: config.lease.namespace,
    name: config.lease.name,
    identity: config.identity,
    leaseDurationMs: config.lease.durationMs,
    renewDeadlineMs: config.lease.renewDeadlineMs,
    retryPeriodMs: config.lease.retryPeriodMs,
    clock,
    onStartedLeading: async () => {
      metrics.isLeader.set(1);
      logger.info({ identity: config.identity }, "leading: reconciling");
      await Promise.all(controllers.map((c) => c.start()));
    },
    onStoppedLeading: async () => {
      metrics.isLeader.set(0);
      logger.info({ identity: config.identity }, "stopped leading");
      await Promise.all(controllers.map((c) => c.stop()));
    },
    onNewLeader: (identity) => logger.info({ leader: identity }, "leader observed"),
    onError: (error) =>
      logger.warn({ err: error instanceof Error ? error.message : String(error) }, "leader election error"),
  });
  const informersSynced = () => allInformers(informers).every((i) => i.hasSynced());
  let campaign: Promise<void> | undefined;
  return {
    app: createHttpApp({ registry: metrics.registry, informersSynced, isLeader: () => elector.isLeader() }),
    metrics,
    client,
    informers,
    controllers,
    isLeader: () => elector.isLeader(),
    informersSynced,
    async start() {
      metrics.isLeader.set(0);
      await Promise.all(allInformers(informers).map((i) => i.start()));
      campaign = elector.run();
    },
    async stop() {
      await elector.stop({ release: true });
      await campaign;
      await Promise.all(controllers.map((c) => c.stop()));
      await Promise.all(allInformers(informers).map((i) => i.stop()));
    },
  };
};
