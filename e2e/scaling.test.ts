/**
 * FinCoach scaling on a real node, as a cluster would run it. The chart is installed with its
 * plain Prometheus configuration and its prometheus-adapter rule; a Prometheus and a
 * prometheus-adapter on the node run with exactly what the installed ConfigMaps carry (the
 * adapter as the v1beta1.external.metrics.k8s.io APIService). Then:
 * - the API's HPA reads its pods' CPU from metrics-server, and under real load through the
 *   API's Service wants more replicas than its minimum;
 * - a SyncSchedule's worker pool scales on its queue backlog: beat's run queues one sync job
 *   per mailbox connection, the backlog (exported by the pool's workers, scraped by the
 *   shipped scrape jobs) reaches the external metrics API through the shipped adapter rule,
 *   the operator's HPA scales the pool up, and once the jobs are done, back down.
 *
 * The mailboxes are one Dovecot on the machine behind a relay that holds each connection for
 * a few seconds before the server answers, like a slow mail provider: the jobs last long
 * enough for the backlog to be seen by a 30 s scrape. The node's controller-manager lets an
 * HPA scale down after 30 s (component-flags.ts) rather than 5 minutes.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { eventually, startDovecot, type TestDovecot } from "@fincoach/testing";
import { type ExternalMetrics, NODE_IP, startExternalMetrics } from "./cluster/index.ts";
import { corpusMail } from "./test-support/corpus-mail.ts";
import { NAMESPACE, type PreparedRelease, prepareRelease, registerPerson } from "./test-support/release.ts";
import { startSlowRelay } from "./test-support/slow-relay.ts";

const BANORTE = "Banorte <notificaciones@banorte.com>";
const MAILS = [
  { file: "banorte-bank-alerts/charge-email.html", date: "Mon, 10 Feb 2020 08:15:00 -0600" },
  { file: "banorte-bank-alerts/cash-withdrawal-email.html", date: "Fri, 4 Oct 2019 14:27:00 -0600" },
];
const MAILBOX = { username: "e2e", password: "e2e-imap-password" };
/** How long the relay holds each IMAP connection before Dovecot answers (imapflow waits 16 s for a greeting). */
const PROVIDER_DELAY_MS = 5_000;
/** Mailbox connections, so one sync job each in the schedule's run: ~200 s of work for one worker. */
const CONNECTIONS = 40;
/** Where the chart puts the adapter's ConfigMap, as for a prometheus-adapter in its own namespace. */
const ADAPTER_NAMESPACE = "monitoring";
const SCHEDULE = "e2e-backlog";
const WORKERS = `${SCHEDULE}-workers`;
const POOL = { minReplicas: 1, maxReplicas: 3, targetBacklogPerReplica: 2, concurrency: 1 };

type Condition = { type: string; status: string; reason?: string; message?: string };
type Hpa = {
  spec: {
    minReplicas: number;
    maxReplicas: number;
    metrics: { external?: { metric: { name: string; selector: { matchLabels: Record<string, string> } } } }[];
  };
  status: {
    desiredReplicas?: number;
    currentReplicas?: number;
    conditions?: Condition[];
    currentMetrics?: {
      resource?: { current: { averageUtilization?: number } };
      external?: { current: { averageValue?: string; value?: string } };
    }[];
  };
};
type Deployment = { spec: { replicas?: number }; status: { readyReplicas?: number } };

const conditionOf = (hpa: Hpa, type: string) => hpa.status.conditions?.find((c) => c.type === type);

/** A Kubernetes quantity as the metrics APIs write it: an integer or milli-units (`2500m`). */
const quantity = (text: string): number => {
  const m = /^(\d+)(m?)$/.exec(text);
  if (!m) throw new Error(`unexpected quantity ${text}`);
  return m[2] ? Number(m[1]) / 1000 : Number(m[1]);
};

describe("scaling on a real node", { timeout: 60 * 60_000 }, () => {
  let release: PreparedRelease | undefined;
  let dovecot: TestDovecot | undefined;
  let relay: { port: number; close(): Promise<void> } | undefined;
  let metrics: ExternalMetrics | undefined;
  const r = () => release ?? assert.fail("no release");
  const kubectl = (args: string[], input?: string) => r().kubectl(args, input);
  const json = async <T>(args: string[]) => JSON.parse(await kubectl([...args, "-o", "json"])) as T;

  before(
    async () => {
      release = await prepareRelease();
      dovecot = await startDovecot({ users: [MAILBOX] });
      await dovecot.append(MAILBOX, "INBOX", await Promise.all(MAILS.map((m) => corpusMail(m.file, BANORTE, m.date))));
      relay = await startSlowRelay(NODE_IP, dovecot.port, PROVIDER_DELAY_MS);
    },
    { timeout: 50 * 60_000 },
  );

  after(async () => {
    await release?.stop();
    await relay?.close();
    await dovecot?.stop();
  });

  test("the chart's plain scrape configuration and adapter rule run on the node's Prometheus and prometheus-adapter", {
    timeout: 25 * 60_000,
  }, async () => {
    const created = await r().node.kubectl(["create", "namespace", ADAPTER_NAMESPACE]);
    assert.equal(created.code, 0, created.stderr);
    await r().install([
      "monitoring.enabled=true",
      // No Prometheus Operator on the node: its plain configuration instead, and no dashboards.
      "monitoring.prometheusOperator=false",
      "monitoring.dashboards=false",
      "monitoring.plainPrometheusConfig=true",
      `monitoring.prometheusAdapterNamespace=${ADAPTER_NAMESPACE}`,
      // The API from one replica (its HPA's minimum) up to three; one of every other pod,
      // so that the node's two cores of requests leave room for the API's and the pool's growth.
      "api.minReplicas=1",
      "api.maxReplicas=3",
      "api.targetCpuUtilization=40",
      "ml.replicas=1",
      "worker.replicas=1",
      "beat.replicas=1",
      "operator.replicas=1",
    ]);
    await kubectl(["wait", "pods", "-l", "!batch.kubernetes.io/job-name", "--for=condition=Ready", "--timeout=300s"]);

    // The ConfigMaps the release installed are what the node's Prometheus and adapter run with.
    const plain = await json<{ data: Record<string, string> }>(["get", "configmap", "fincoach-prometheus"]);
    const adapterConfig = await r().node.kubectl([
      "-n",
      ADAPTER_NAMESPACE,
      "get",
      "configmap",
      "fincoach-prometheus-adapter",
      "-o",
      "jsonpath={.data.config\\.yaml}",
    ]);
    assert.equal(adapterConfig.code, 0, adapterConfig.stderr);
    assert.match(adapterConfig.stdout, /fincoach_queue_backlog/);
    metrics = await startExternalMetrics(r().node, {
      scrapeConfigs: plain.data["scrape-configs.yaml"] ?? assert.fail("no scrape-configs.yaml"),
      rules: { fincoach: plain.data["rules.yaml"] ?? assert.fail("no rules.yaml") },
      adapterConfig: adapterConfig.stdout,
    });

    // The shipped jobs find every component's pods through Kubernetes discovery and scrape
    // them, with the target labels the alerts and dashboards select on.
    const m = metrics;
    await eventually(
      async () => {
        const up = await m.query(`up{namespace="${NAMESPACE}"} == 1`);
        const seen = up.map((s) => `${s.metric.job}/${s.metric.component}`).sort();
        for (const c of ["api", "beat", "ml", "operator", "worker"]) {
          assert.ok(seen.includes(`fincoach-${c}/${c}`), `fincoach-${c} has no target up: ${seen.join(", ")}`);
        }
      },
      180_000,
      5_000,
    );
  });

  test("the API's HPA reads CPU from metrics-server and scales the API up under load through its Service", {
    timeout: 15 * 60_000,
  }, async (t) => {
    const hpa = () => json<Hpa>(["get", "hpa", "fincoach-api"]);
    // At rest: a current utilization from metrics-server, and no more than the minimum wanted
    // (the pods' start-up may have scaled it up first: that passes after the short window).
    const idle = await eventually(
      async () => {
        const h = await hpa();
        assert.equal(conditionOf(h, "ScalingActive")?.status, "True", JSON.stringify(h.status));
        assert.equal(typeof h.status.currentMetrics?.[0]?.resource?.current.averageUtilization, "number");
        assert.equal(h.status.desiredReplicas, h.spec.minReplicas, JSON.stringify(h.status));
        return h;
      },
      300_000,
      5_000,
    );
    t.diagnostic(`at rest: ${JSON.stringify(idle.status.currentMetrics)}`);

    const token = await registerPerson(r());
    const url = await r().apiUrl("/v1/transactions");
    const statuses: Record<string, number> = {};
    let stop = false;
    // Sixteen clients, each asking again as soon as it has an answer, until the HPA reacts
    // (or the wait below gives up): bounded by that wait and each request's timeout.
    const client = async () => {
      while (!stop) {
        const key = await fetch(url, {
          headers: { authorization: `Bearer ${token}` },
          signal: AbortSignal.timeout(30_000),
        })
          .then(async (res) => {
            await res.arrayBuffer();
            return String(res.status);
          })
          .catch((error: Error) => error.name);
        statuses[key] = (statuses[key] ?? 0) + 1;
      }
    };
    const clients = Array.from({ length: 16 }, client);
    let loaded: Hpa;
    try {
      loaded = await eventually(
        async () => {
          const h = await hpa();
          assert.ok((h.status.desiredReplicas ?? 0) > h.spec.minReplicas, JSON.stringify(h.status));
          return h;
        },
        300_000,
        5_000,
      );
    } finally {
      stop = true;
      await Promise.all(clients);
    }
    t.diagnostic(`under load: ${JSON.stringify(loaded.status)}; answers ${JSON.stringify(statuses)}`);
    // Every request was answered, and answered well.
    assert.deepEqual(Object.keys(statuses), ["200"], JSON.stringify(statuses));
    const api = await json<Deployment>(["get", "deployment", "fincoach-api"]);
    assert.ok((api.spec.replicas ?? 0) > loaded.spec.minReplicas, `the Deployment has ${api.spec.replicas} replicas`);
  });

  test("a queue backlog reaches the worker pool's HPA through prometheus-adapter: the pool scales up, and back down once drained", {
    timeout: 30 * 60_000,
  }, async (t) => {
    if (!relay) throw new Error("no relay");
    const token = await registerPerson(r());
    const connectionIds: string[] = [];
    for (let i = 0; i < CONNECTIONS; i++) {
      const res = await r().call("POST", "/v1/connections", {
        token,
        body: { type: "imap", name: `Alerts ${i}`, host: NODE_IP, port: relay.port, tls: "none", ...MAILBOX },
      });
      assert.equal(res.status, 201, JSON.stringify(res.json));
      connectionIds.push(String(res.json.id));
    }

    // Suspended at first: the pool and its HPA exist, and nothing runs until the metric is seen at rest.
    const schedule = (suspend: boolean) => ({
      apiVersion: "fincoach.dev/v1alpha1",
      kind: "SyncSchedule",
      metadata: { name: SCHEDULE, namespace: NAMESPACE },
      spec: {
        schedule: "* * * * *",
        timeZone: "UTC",
        source: "mail",
        suspend,
        concurrencyPolicy: "Forbid",
        workers: {
          image: r().workerImage,
          ...POOL,
          resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "512Mi" } },
        },
      },
    });
    await kubectl(["apply", "-f", "-"], JSON.stringify(schedule(true)));
    await eventually(() => kubectl(["get", "deployment", WORKERS]), 120_000, 2_000);
    await kubectl(["wait", `deployment/${WORKERS}`, "--for=condition=Available", "--timeout=300s"]);

    // What the operator's HPA asks for, asked the same way through the aggregator.
    const hpa = () => json<Hpa>(["get", "hpa", WORKERS]);
    const wanted =
      (await hpa()).spec.metrics[0]?.external?.metric ?? assert.fail("the pool's HPA has no External metric");
    const selector = Object.entries(wanted.selector.matchLabels)
      .map(([k, v]) => `${k}=${v}`)
      .join(",");
    const path = `/apis/external.metrics.k8s.io/v1beta1/namespaces/${NAMESPACE}/${wanted.name}?labelSelector=${encodeURIComponent(selector)}`;
    const backlog = async () => {
      const res = await r().node.kubectl(["get", "--raw", path]);
      if (res.code !== 0) throw new Error(`GET ${path}: ${res.stderr}`);
      const { items } = JSON.parse(res.stdout) as { items: { metricLabels: Record<string, string>; value: string }[] };
      assert.equal(items.length, 1, res.stdout);
      assert.deepEqual(items[0]?.metricLabels, wanted.selector.matchLabels);
      return quantity(items[0]?.value ?? "");
    };
    const pool = () => json<Deployment>(["get", "deployment", WORKERS]);

    // At rest: the pool's workers report an empty queue, and the HPA reads it.
    await eventually(
      async () => {
        assert.equal(await backlog(), 0);
        const h = await hpa();
        assert.equal(conditionOf(h, "ScalingActive")?.status, "True", JSON.stringify(h.status));
        assert.equal(h.status.desiredReplicas, POOL.minReplicas, JSON.stringify(h.status));
      },
      300_000,
      5_000,
    );

    // One run: beat queues a job per connection at the next minute, then the schedule is
    // suspended again so that no second run follows the first.
    await kubectl(["apply", "-f", "-"], JSON.stringify(schedule(false)));
    const db = r().db();
    try {
      const jobsOfRun = () => db`select status, processed, failed from sync_jobs
        where connection_id in ${db(connectionIds)}`;
      await eventually(
        async () => assert.equal((await jobsOfRun()).length, CONNECTIONS, "beat has not queued the run yet"),
        150_000,
        1_000,
      );
      await kubectl(["apply", "-f", "-"], JSON.stringify(schedule(true)));

      // The backlog reaches the external metrics API, and the HPA scales the pool up.
      const seen = await eventually(
        async () => {
          const value = await backlog();
          assert.ok(value > POOL.targetBacklogPerReplica, `backlog ${value}`);
          return value;
        },
        180_000,
        2_000,
      );
      const up = await eventually(
        async () => {
          const h = await hpa();
          assert.ok((h.status.desiredReplicas ?? 0) > POOL.minReplicas, JSON.stringify(h.status));
          assert.ok(((await pool()).spec.replicas ?? 0) > POOL.minReplicas);
          return h;
        },
        120_000,
        2_000,
      );
      t.diagnostic(`backlog ${seen}; HPA ${JSON.stringify(up.status)}`);

      // The pool works the queue off with more than one Ready worker.
      let mostReady = 0;
      const done = await eventually(
        async () => {
          mostReady = Math.max(mostReady, (await pool()).status.readyReplicas ?? 0);
          const rows = await jobsOfRun();
          assert.ok(
            rows.every((row) => row.status === "completed" || row.status === "failed"),
            `${rows.filter((row) => row.status === "completed").length} of ${rows.length} completed`,
          );
          return rows;
        },
        600_000,
        3_000,
      );
      assert.ok(mostReady > POOL.minReplicas, `at most ${mostReady} pool replicas were Ready`);
      // Every job read the mailbox's alerts, none failed.
      assert.deepEqual(
        done.filter((row) => row.status !== "completed" || row.processed !== MAILS.length || row.failed !== 0),
        [],
      );
    } finally {
      await db.end();
    }

    // Drained: the metric reads 0 again and the HPA takes the pool back to its minimum.
    const down = await eventually(
      async () => {
        assert.equal(await backlog(), 0);
        const h = await hpa();
        assert.equal(h.status.desiredReplicas, POOL.minReplicas, JSON.stringify(h.status));
        assert.equal((await pool()).spec.replicas, POOL.minReplicas);
        return h;
      },
      300_000,
      5_000,
    );
    t.diagnostic(`drained: ${JSON.stringify(down.status)}`);
  });

  test("the node's teardown leaves the machine as it was", { timeout: 120_000 }, async () => {
    assert.deepEqual(await r().stop(), []);
  });
});
