import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { openSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { createJobQueue, registerQueueBacklog } from "@fincoach/jobs";
import { createMetrics, type ListeningServer, listenHttpServer, METRICS_PATH, serveMetrics } from "@fincoach/telemetry";
import { createTestRedis, eventually, freePort, type TestRedis } from "@fincoach/testing";
import type { Registry } from "prom-client";
import { createOperatorMetrics } from "../../../operator/src/metrics.ts";
import { desiredSyncScheduleChildren } from "../../../operator/src/sync-schedule/desired-sync-schedule-children.ts";
import { syncSchedule } from "../../../operator/src/sync-schedule/sync-schedule-fixture.ts";
import { createBeatMetrics } from "../../../services/beat/src/beat-metrics.ts";
import { createMlMetrics } from "../../../services/ml/src/scoring/ml-metrics.ts";
import { fincoachRuleGroups } from "./alert-rules.ts";
import { fincoachComponents } from "./components.ts";
import { backlogExternalRule } from "./prometheus-adapter.ts";
import { rulesFile } from "./rules-file.ts";
import { plainScrapeConfigs, type ScrapeConfig } from "./scrape-targets.ts";

/**
 * The plain scrape configuration under a real Prometheus (Debian's, as promtool), scraping
 * the services' real registries on real metrics servers. Debian builds Prometheus without
 * Kubernetes discovery, so each job's `kubernetes_sd_configs` is swapped for static targets
 * carrying the `__meta_kubernetes_*` labels pod discovery would give the pods below; the
 * relabelling that keeps, drops and labels them is the shipped one.
 */

const PROMETHEUS = process.env.PROMETHEUS ?? "/usr/bin/prometheus";

/** A pod as Kubernetes pod discovery reports one target of it. */
type DiscoveredTarget = { address: string; meta: Record<string, string> };

const podTarget = (o: {
  namespace: string;
  pod: string;
  ip: string;
  container: string;
  labels: Record<string, string>;
  port?: { name: string; number: number };
  phase?: string;
}): DiscoveredTarget => ({
  address: o.port ? `${o.ip}:${o.port.number}` : o.ip,
  meta: {
    __meta_kubernetes_namespace: o.namespace,
    __meta_kubernetes_pod_name: o.pod,
    __meta_kubernetes_pod_ip: o.ip,
    __meta_kubernetes_pod_phase: o.phase ?? "Running",
    __meta_kubernetes_pod_container_name: o.container,
    ...(o.port
      ? {
          __meta_kubernetes_pod_container_port_name: o.port.name,
          __meta_kubernetes_pod_container_port_number: String(o.port.number),
        }
      : {}),
    ...Object.fromEntries(
      Object.entries(o.labels).map(([k, v]) => [`__meta_kubernetes_pod_label_${k.replace(/[^a-zA-Z0-9_]/g, "_")}`, v]),
    ),
  },
});

const serve = async (registry: Registry, port: number, host = "127.0.0.1"): Promise<ListeningServer> =>
  listenHttpServer(
    createServer((req, res) =>
      req.url === METRICS_PATH ? serveMetrics(registry, req, res) : void res.writeHead(404).end(),
    ),
    port,
    host,
  );

type ActiveTarget = { labels: Record<string, string>; health: string; scrapeUrl: string; lastError: string };

describe("the plain scrape configuration under a real Prometheus", () => {
  let dir: string;
  let prometheus: ChildProcess | undefined;
  let url: string;
  let redis: TestRedis;
  let queue: ReturnType<typeof createJobQueue>;
  const servers: ListeningServer[] = [];
  const { hpa } = desiredSyncScheduleChildren(syncSchedule({}, { name: "nightly", namespace: "team-a" }));
  const selector = hpa.spec?.metrics?.[0]?.external?.metric.selector?.matchLabels ?? {};
  const queueName = selector.queue ?? "";
  const expectedActive: Record<string, string>[] = [];

  const api = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${url}${path}`, { signal: AbortSignal.timeout(5_000) });
    const body = (await response.json()) as { status: string; data: T; error?: string };
    if (body.status !== "success") throw new Error(`${path}: ${body.error}`);
    return body.data;
  };
  const query = (promql: string) =>
    api<{ result: { metric: Record<string, string>; value: [number, string] }[] }>(
      `/api/v1/query?${new URLSearchParams({ query: promql })}`,
    ).then((d) => d.result);

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "fincoach-scrape-"));
    redis = await createTestRedis();
    // A SyncSchedule's queue with 3 jobs waiting: what its worker pool's backlog gauge reads.
    queue = createJobQueue("sync", { connection: redis.redis, redisPrefix: redis.prefix, syncQueue: queueName });
    for (const id of ["a", "b", "c"]) await queue.add("sync-bank", {}, { jobId: id });

    const apiMetrics = createMetrics("api");
    const beat = createMetrics("beat");
    createBeatMetrics(beat.registry).ticks.inc({ namespace: "team-a", schedule: "nightly", outcome: "ran" });
    const operator = createOperatorMetrics();
    const ml = createMetrics("ml");
    createMlMetrics(ml.registry).predictions.inc({ model: "categorizer", version: "v2" });
    // Two replicas of the schedule's worker pool, on two pod IPs, the same port.
    const workerPort = await freePort();
    const workers = ["127.0.0.1", "127.0.0.2"].map((ip) => {
      const m = createMetrics("worker");
      registerQueueBacklog(m.registry, [queue]);
      return { ip, registry: m.registry };
    });
    const [apiServer, beatServer, operatorServer, mlServer] = await Promise.all([
      serve(apiMetrics.registry, 0),
      serve(beat.registry, 0),
      serve(operator.registry, 0),
      serve(ml.registry, 0),
    ]);
    servers.push(apiServer, beatServer, operatorServer, mlServer);
    for (const w of workers) servers.push(await serve(w.registry, workerPort, w.ip));

    const fincoach = (component: string) => ({
      "app.kubernetes.io/name": "fincoach",
      "app.kubernetes.io/component": component,
    });
    const operatorPod = (component: string, instance: string) => ({
      "app.kubernetes.io/managed-by": "fincoach-operator",
      "app.kubernetes.io/component": component,
      "app.kubernetes.io/instance": instance,
      "app.kubernetes.io/part-of": "fincoach",
    });
    const metricsPort = (number: number) => ({ name: "metrics", number });
    const pods: DiscoveredTarget[] = [
      podTarget({
        namespace: "fc",
        pod: "api-1",
        ip: "127.0.0.1",
        container: "api",
        labels: fincoach("api"),
        port: metricsPort(apiServer.port),
      }),
      // The API's public port: not a metrics port, dropped.
      podTarget({
        namespace: "fc",
        pod: "api-1",
        ip: "127.0.0.1",
        container: "api",
        labels: fincoach("api"),
        port: { name: "http", number: 1 },
      }),
      // Not started yet: dropped.
      podTarget({
        namespace: "fc",
        pod: "api-2",
        ip: "127.0.0.3",
        container: "api",
        labels: fincoach("api"),
        port: metricsPort(2),
        phase: "Pending",
      }),
      podTarget({
        namespace: "fc",
        pod: "beat-1",
        ip: "127.0.0.1",
        container: "beat",
        labels: fincoach("beat"),
        port: metricsPort(beatServer.port),
      }),
      podTarget({
        namespace: "fc",
        pod: "operator-1",
        ip: "127.0.0.1",
        container: "operator",
        labels: fincoach("operator"),
        port: metricsPort(operatorServer.port),
      }),
      // Someone else's pod with a port named metrics: dropped.
      podTarget({
        namespace: "fc",
        pod: "other-1",
        ip: "127.0.0.1",
        container: "x",
        labels: { "app.kubernetes.io/name": "other", "app.kubernetes.io/component": "api" },
        port: metricsPort(3),
      }),
      ...workers.map((w, i) =>
        podTarget({
          namespace: "team-a",
          pod: `nightly-workers-${i}`,
          ip: w.ip,
          container: "worker",
          labels: operatorPod("sync-worker", "nightly"),
        }),
      ),
      podTarget({
        namespace: "team-a",
        pod: "categorizer-v2-0",
        ip: "127.0.0.1",
        container: "model-server",
        labels: operatorPod("model-server", "categorizer-v2"),
        port: { name: "metrics", number: mlServer.port },
      }),
    ];
    expectedActive.push(
      {
        job: "fincoach-api",
        namespace: "fc",
        pod: "api-1",
        container: "api",
        component: "api",
        instance: `127.0.0.1:${apiServer.port}`,
      },
      {
        job: "fincoach-beat",
        namespace: "fc",
        pod: "beat-1",
        container: "beat",
        component: "beat",
        instance: `127.0.0.1:${beatServer.port}`,
      },
      {
        job: "fincoach-operator",
        namespace: "fc",
        pod: "operator-1",
        container: "operator",
        component: "operator",
        instance: `127.0.0.1:${operatorServer.port}`,
      },
      ...workers.map((w, i) => ({
        job: "fincoach-sync-workers",
        namespace: "team-a",
        pod: `nightly-workers-${i}`,
        container: "worker",
        component: "sync-worker",
        instance: `${w.ip}:${workerPort}`,
      })),
      {
        job: "fincoach-model-servers",
        namespace: "team-a",
        pod: "categorizer-v2-0",
        container: "model-server",
        component: "model-server",
        instance: `127.0.0.1:${mlServer.port}`,
      },
    );

    const jobs = plainScrapeConfigs("fc", fincoachComponents(), workerPort).map(
      ({ kubernetes_sd_configs: [sd], ...job }: ScrapeConfig) => ({
        ...job,
        scrape_interval: "1s",
        scrape_timeout: "1s",
        // Pod discovery limited to the job's namespaces, as `namespaces.names` does.
        static_configs: pods
          .filter((p) => !sd?.namespaces || sd.namespaces.names.includes(p.meta.__meta_kubernetes_namespace ?? ""))
          .map((p) => ({ targets: [p.address], labels: p.meta })),
      }),
    );
    await writeFile(join(dir, "rules.yaml"), rulesFile(fincoachRuleGroups()));
    await writeFile(
      join(dir, "prometheus.yml"),
      JSON.stringify({ global: { evaluation_interval: "1s" }, rule_files: ["rules.yaml"], scrape_configs: jobs }),
    );
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      url = `http://127.0.0.1:${port}`;
      const log = join(dir, "prometheus.log");
      const out = openSync(log, "a");
      prometheus = spawn(
        PROMETHEUS,
        [
          `--config.file=${join(dir, "prometheus.yml")}`,
          `--storage.tsdb.path=${join(dir, "data")}`,
          `--web.listen-address=127.0.0.1:${port}`,
        ],
        { stdio: ["ignore", out, out] },
      );
      const exited = new Promise<void>((resolve) => prometheus?.once("exit", () => resolve()));
      const ready = eventually(
        async () => {
          const r = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1_000) });
          if (r.status !== 200) throw new Error(`prometheus not ready: ${r.status}`);
        },
        30_000,
        100,
      );
      const outcome = await Promise.race([ready.then(() => "ready" as const), exited.then(() => "exited" as const)]);
      if (outcome === "ready") break;
      const text = await readFile(log, "utf8");
      if (attempt < 3 && /address already in use/.test(text)) continue;
      throw new Error(`prometheus exited:\n${text.slice(-2000)}`);
    }
  });

  after(async () => {
    if (prometheus && prometheus.exitCode === null) {
      const exited = new Promise((resolve) => prometheus?.once("exit", resolve));
      prometheus.kill("SIGTERM");
      await exited;
    }
    await Promise.allSettled(servers.map((s) => s.close()));
    await queue?.obliterate({ force: true }).catch(() => {});
    await queue?.close();
    await redis?.cleanup();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test("exactly the FinCoach pods' metrics ports are scraped, labelled namespace/pod/container/component", async () => {
    const active = await eventually(async () => {
      const { activeTargets } = await api<{ activeTargets: ActiveTarget[] }>("/api/v1/targets?state=active");
      const down = activeTargets.filter((t) => t.health !== "up");
      if (down.length > 0 || activeTargets.length < expectedActive.length)
        throw new Error(
          `targets not all up yet: ${JSON.stringify(activeTargets.map((t) => [t.scrapeUrl, t.health, t.lastError]))}`,
        );
      return activeTargets;
    });
    const sortKey = (l: Record<string, string>) => `${l.job} ${l.instance}`;
    assert.deepEqual(
      active.map((t) => t.labels).sort((a, b) => sortKey(a).localeCompare(sortKey(b))),
      [...expectedActive].sort((a, b) => sortKey(a).localeCompare(sortKey(b))),
    );
  });

  test("beat's own `namespace` label arrives as exported_namespace, the target's as namespace", async () => {
    const samples = await eventually(async () => {
      const r = await query(
        'fincoach_beat_ticks_total{component="beat",namespace="fc",exported_namespace="team-a",schedule="nightly",outcome="ran"}',
      );
      if (r.length !== 1) throw new Error(`got ${JSON.stringify(r)}`);
      return r;
    });
    assert.equal(samples[0]?.value[1], "1");
  });

  test("the adapter's query for the operator's HPA reads the queue's backlog once, not once per replica", async () => {
    const rule = backlogExternalRule();
    const matchers = [...Object.entries(selector), ["namespace", "team-a"]].map(
      ([k, v]) => `${k}=${JSON.stringify(v)}`,
    );
    const promql = rule.metricsQuery
      .replace("<<.Series>>", hpa.spec?.metrics?.[0]?.external?.metric.name ?? "")
      .replace("<<.LabelMatchers>>", matchers.join(","));
    const samples = await eventually(async () => {
      // Both replicas scraped: then the answer is final.
      const replicas = await query(`count(fincoach_queue_backlog{queue="${queueName}"})`);
      if (replicas[0]?.value[1] !== "2") throw new Error(`replicas scraped: ${JSON.stringify(replicas)}`);
      return query(promql);
    });
    assert.deepEqual(
      samples.map((s) => [s.metric, s.value[1]]),
      [[{ queue: queueName }, "3"]],
    );
  });

  test("Prometheus loads and evaluates every rule group without an error", async () => {
    const expected = fincoachRuleGroups().map((g) => g.name);
    const groups = await eventually(async () => {
      const { groups } = await api<{
        groups: { name: string; rules: { name: string; health: string; lastError?: string }[] }[];
      }>("/api/v1/rules");
      const unevaluated = groups.flatMap((g) => g.rules).filter((r) => r.health === "unknown");
      if (groups.length < expected.length || unevaluated.length > 0) throw new Error(`rules not all evaluated yet`);
      return groups;
    });
    assert.deepEqual(groups.map((g) => g.name).sort(), [...expected].sort());
    const failing = groups.flatMap((g) => g.rules).filter((r) => r.health !== "ok");
    assert.deepEqual(
      failing.map((r) => `${r.name}: ${r.lastError}`),
      [],
    );
  });
});
