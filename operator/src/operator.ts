import {
  type Clock,
  type Controller,
  EventRecorder,
  type KubeConnection,
  KubeObjectApi,
  LeaderElector,
  leaseClient,
  sleep,
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

/** Why an operator stopped: only `stopped` (asked to) is a clean exit. */
export type OperatorEnd =
  | { reason: "stopped" }
  | { reason: "leadership-lost" }
  | { reason: "controllers-failed"; error: unknown };

/** A running operator: informers always, controllers while it leads. */
export type Operator = {
  app: ReturnType<typeof createHttpApp>;
  metrics: OperatorMetrics;
  client: OperatorClient;
  informers: OperatorInformers;
  controllers: Controller[];
  isLeader(): boolean;
  informersSynced(): boolean;
  /** A healthy standby (caches synced), or a leader whose controllers run. */
  ready(): boolean;
  /** Starts the informers (a standby keeps them warm) and campaigns for the Lease. */
  start(): Promise<void>;
  /** Graceful: aborts reconciles, releases the Lease for a fast handover, stops the informers. */
  stop(): Promise<void>;
  /** Resolves once the operator has wound down, for whatever reason. */
  finished: Promise<OperatorEnd>;
  /** Resolves as soon as winding down begins (main arms its exit deadline then). */
  ending: Promise<OperatorEnd>;
};

/**
 * Wires informers -> work queues -> reconcilers -> server-side apply, behind leader
 * election: every replica lists and watches, only the Lease holder reconciles.
 *
 * A replica leads at most once, as under controller-runtime: when its controllers cannot
 * start (caches not synced within CACHE_SYNC_TIMEOUT_SECONDS) or its leadership is lost, it
 * aborts every Kubernetes request its reconciles make, releases the Lease and ends
 * (`finished`), and the process exits non-zero so the pod restarts as a fresh standby.
 * Aborting at once, rather than letting reconciles run on, is what keeps a deposed leader
 * from writing after its successor starts: leadership ends `renewDeadline` after the last
 * renewal, a successor starts no earlier than `leaseDuration` after it.
 */
export const createOperator = (options: OperatorOptions): Operator => {
  const { connection, config, logger } = options;
  const clock = options.clock ?? systemClock;
  const metrics = createOperatorMetrics();
  const api = KubeObjectApi.fromConnection(connection);
  // This replica's one term: every write a reconcile or the event recorder makes ends with it.
  const term = new AbortController();
  const termApi = api.withSignal(term.signal);
  const client = new OperatorClient(options.wrapApi ? options.wrapApi(termApi) : termApi);
  const informers = createInformers({
    connection,
    namespace: config.watchNamespace,
    clock,
    onError: (resource, error, restartInMs) =>
      logger.warn({ resource, restartInMs, err: message(error) }, "watch failed; restarting"),
  });
  const recorder = new EventRecorder({
    client: termApi,
    reportingController: REPORTING_CONTROLLER,
    reportingInstance: config.identity,
    clock,
    onError: (error) => {
      if (!term.signal.aborted) logger.warn({ err: message(error) }, "event not recorded");
    },
  });
  const deps: ReconcileDeps = {
    client,
    informers,
    recorder,
    clock,
    logger,
    statsSource: options.statsSource ?? createStatsSource(config.stats),
    written: new WrittenStatuses(),
    rolledBack: (namespace, modelVersion, reason) =>
      metrics.rollbacks.inc({ namespace, model_version: modelVersion, reason }),
    config: {
      syncSchedule: config.syncSchedule,
      modelVersion: config.modelVersion,
      requireAvailable: config.requireAvailable,
    },
  };
  const controllers = createControllers(deps, metrics, {
    workers: config.workers,
    resyncMs: config.resyncMs,
    syncTimeoutMs: config.cacheSyncTimeoutMs,
  });
  let phase: "standby" | "starting" | "leading" | "ending" = "standby";
  let campaign: Promise<void> | undefined;
  let ending: Promise<OperatorEnd> | undefined;
  let announceEnding: (end: OperatorEnd) => void = () => {};
  const endingSignal = new Promise<OperatorEnd>((resolve) => {
    announceEnding = resolve;
  });

  // Aborts what reconciles are doing and waits, for at most the grace period, for them to return.
  const stopControllers = async () => {
    term.abort();
    const stopped = Promise.all(controllers.map((c) => c.stop())).then(() => true);
    if (!(await Promise.race([stopped, sleep(clock, config.gracefulShutdownMs).then(() => false)]))) {
      logger.warn({ graceMs: config.gracefulShutdownMs }, "reconciles still running after the grace period");
    }
  };
  const wind = (end: OperatorEnd): Promise<OperatorEnd> => {
    ending ??= (async () => {
      phase = "ending";
      announceEnding(end);
      await elector.stop({ release: true });
      await campaign;
      await stopControllers();
      await Promise.all(allInformers(informers).map((i) => i.stop()));
      return end;
    })();
    return ending;
  };

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
      if (phase !== "standby") return;
      phase = "starting";
      metrics.isLeader.set(1);
      logger.info({ identity: config.identity }, "leading: starting controllers");
      try {
        await Promise.all(controllers.map((c) => c.start()));
      } catch (error) {
        if (phase !== "starting") return;
        // Holding the Lease while reconciling nothing would keep a healthy standby out.
        logger.error({ err: message(error) }, "controllers failed to start; releasing the Lease");
        void wind({ reason: "controllers-failed", error });
        return;
      }
      if (phase !== "starting") return;
      phase = "leading";
      logger.info({ identity: config.identity }, "leading: reconciling");
    },
    onStoppedLeading: async (reason) => {
      metrics.isLeader.set(0);
      logger[reason === "lost" ? "error" : "info"]({ identity: config.identity, reason }, "stopped leading");
      // Not awaited by wind() from here: wind() awaits the elector, which awaits this.
      if (reason === "lost") void wind({ reason: "leadership-lost" });
      await stopControllers();
    },
    onNewLeader: (identity) => logger.info({ leader: identity }, "leader observed"),
    onError: (error) => logger.warn({ err: message(error) }, "leader election error"),
  });
  const informersSynced = () => allInformers(informers).every((i) => i.hasSynced());
  const ready = () =>
    phase === "standby" ? informersSynced() : phase === "leading" && controllers.every((c) => c.isRunning());
  let finish: (end: OperatorEnd) => void = () => {};
  const finished = new Promise<OperatorEnd>((resolve) => {
    finish = resolve;
  });
  void endingSignal.then(async () => finish(await (ending as Promise<OperatorEnd>)));
  return {
    app: createHttpApp({ registry: metrics.registry, ready, isLeader: () => elector.isLeader() }),
    metrics,
    client,
    informers,
    controllers,
    isLeader: () => elector.isLeader(),
    informersSynced,
    ready,
    async start() {
      metrics.isLeader.set(0);
      await Promise.all(allInformers(informers).map((i) => i.start()));
      campaign = elector.run();
    },
    async stop() {
      await wind({ reason: "stopped" });
    },
    finished,
    ending: endingSignal,
  };
};

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
