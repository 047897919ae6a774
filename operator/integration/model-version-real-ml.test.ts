import assert from "node:assert/strict";
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import { parseTransactionsCsv, type TransactionRow } from "@fincoach/categorizer";
import {
  parseTrafficWeights,
  ScoreResponse,
  TRAFFIC_WEIGHTS_CONFIGMAP,
  TRAFFIC_WEIGHTS_KEY,
} from "@fincoach/contracts";
import { API_VERSION as API, type ModelVersion } from "@fincoach/crds";
import { users } from "@fincoach/db";
import { KubeConnection, ResilientInformer } from "@fincoach/kube";
import { createTestDatabase, freePort, TEST_REDIS_URL, type TestDatabase } from "@fincoach/testing";
import type { V1ConfigMap } from "@kubernetes/client-node";
import type { Operator } from "../src/operator.ts";
import {
  eventually,
  markModelVersionAvailable,
  type OperatorCluster,
  read,
  startInProcessOperator,
  startOperatorCluster,
  testEnv,
} from "./harness.ts";

/*
 * model-version.test.ts drives the rollout with a stats stand-in that answers whatever the
 * test sets. Here the other end is the real ML service (services/ml, its own process):
 * real ONNX models trained by the `train` command, real predictions routed by the weights
 * the operator writes (mirrored into the file the service watches, as a ConfigMap mount
 * would), and real feedback from simulated people who keep a pick when it is right and
 * correct it when it is wrong. v2 is a sound model and is promoted; v3 learned shuffled
 * labels, people correct it, and it is rolled back on its feedback acceptance.
 */

const ROOT = join(import.meta.dirname, "../..");
const DATA = join(ROOT, "testdata/transactions/birmingham-pcard-2016-12-to-2017-06.csv");
const NS = "ml-real";
const PEOPLE = 60;
const execFileP = promisify(execFile);

/** The four most frequent categories: enough rows for a sound tiny model, quick to train. */
const loadRows = async () => {
  const all = parseTransactionsCsv(await readFile(DATA, "utf8"), DATA, false).filter((r) => r.category);
  const counts = new Map<string, number>();
  for (const r of all) counts.set(r.category!, (counts.get(r.category!) ?? 0) + 1);
  const top = new Set(
    [...counts]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 4)
      .map(([c]) => c),
  );
  const rows = all.filter((r) => top.has(r.category!));
  return {
    labels: [...top].sort(),
    train: rows.filter((r) => r.date < "2017-05-01"),
    traffic: rows.filter((r) => r.date >= "2017-05-01"),
  };
};

const csv = (rows: readonly TransactionRow[], label: (r: TransactionRow, i: number) => string): string =>
  [
    "date,description,amount,currency,category",
    ...rows.map((r, i) => [r.date, r.description, r.amount.toFixed(2), r.currency, label(r, i)].map(quote).join(",")),
  ].join("\n");
const quote = (s: string) => `"${s.replaceAll('"', '""')}"`;

type Trained = { artifact: { uri: string; sha256: string; format: string }; labels: string[] };

describe("the operator rolls out ModelVersions served by the real ML service", { timeout: 600_000 }, () => {
  let cluster: OperatorCluster;
  let operator: Operator;
  let database: TestDatabase;
  let dir: string;
  let ml: ChildProcess | undefined;
  let mlUrl = "";
  let weightsWatch: ResilientInformer<V1ConfigMap> | undefined;
  const trained = new Map<string, Trained>();
  const people: string[] = [];
  let traffic: Awaited<ReturnType<typeof loadRows>>["traffic"] = [];
  let truth = new Map<string, string>();
  let driving = true;
  let driver: Promise<void> | undefined;
  const served = new Map<string, number>();

  const mv = (v: string) => read<ModelVersion>(cluster.admin, API, "ModelVersion", NS, `categorizer-${v}`);
  const phase = async (v: string) => (await mv(v))?.status?.phase;
  const markAvailable = (v: string) => markModelVersionAvailable(cluster.admin, NS, `categorizer-${v}`);

  const modelVersion = (version: string) => {
    const t = trained.get(version)!;
    return {
      apiVersion: API,
      kind: "ModelVersion",
      metadata: { name: `categorizer-${version}`, namespace: NS },
      spec: {
        model: "categorizer",
        version,
        image: "fincoach/ml:1",
        artifact: t.artifact,
        labels: t.labels,
        replicas: 1,
        rollout: {
          stepWeight: 25,
          maxWeight: 50,
          interval: "3s",
          threshold: 3,
          // The machine is shared with the rest of the suite: latency is not what this test judges.
          thresholds: { minSamples: 10, maxErrorRate: 0.05, maxLatencyP99Ms: 5000, minFeedbackAcceptance: 0.6 },
        },
      },
    };
  };

  /** What the kubelet does for a ConfigMap volume: the file changes under the process, atomically. */
  const weightsFile = () => join(dir, "traffic", TRAFFIC_WEIGHTS_KEY);
  const mirror = async (cm: V1ConfigMap) => {
    if (cm.metadata?.name !== TRAFFIC_WEIGHTS_CONFIGMAP) return;
    const body = cm.data?.[TRAFFIC_WEIGHTS_KEY];
    if (body === undefined) return;
    const tmp = `${weightsFile()}.${randomUUID()}`;
    await writeFile(tmp, body);
    await rename(tmp, weightsFile());
  };

  /** One person categorizes one transaction and keeps the pick when it is right. */
  const oneRequest = async () => {
    const userId = people[Math.floor(Math.random() * people.length)]!;
    const row = traffic[Math.floor(Math.random() * traffic.length)]!;
    const response = await fetch(`${mlUrl}/v1/score`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        userId,
        items: [
          {
            description: row.description,
            merchant: null,
            amount: (-row.amount).toFixed(2),
            currency: row.currency,
            date: row.date,
          },
        ],
      }),
    });
    assert.equal(response.status, 200, await response.clone().text());
    const score = ScoreResponse.parse(await response.json()).scores[0]!;
    served.set(score.version, (served.get(score.version) ?? 0) + 1);
    const right = score.labels[0]?.label === truth.get(`${row.description}|${row.date}|${row.amount}`);
    const feedback = await fetch(`${mlUrl}/v1/feedback`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        userId,
        source: "model",
        model: score.model,
        modelVersion: score.version,
        outcome: right ? "accepted" : "corrected",
      }),
    });
    assert.equal(feedback.status, 202, await feedback.text());
  };
  const drive = async () => {
    while (driving) await oneRequest();
  };
  /** Rejects with the traffic driver's first error once it is started; pending until then. */
  let driverFailed: Promise<never> = new Promise<never>(() => {});
  const startDriving = () => {
    driver = Promise.all([drive(), drive(), drive()]).then(() => {});
    driverFailed = driver.then(
      () => new Promise<never>(() => {}),
      (error: unknown) => {
        driving = false;
        throw error;
      },
    );
    // Observed by the waits below; without this a failure between two waits is unhandled.
    driverFailed.catch(() => {});
  };
  /**
   * `eventually`, failed at once with the driver's own error (a non-200 answer, a refused
   * connection) rather than after the wait's timeout as a phase that never came. The poll
   * then ends at its next round instead of running on to its deadline.
   */
  const whileDriving = (check: () => unknown, timeoutMs: number) => {
    let failed = false;
    return Promise.race([
      eventually(async () => {
        if (!failed) await check();
      }, timeoutMs),
      driverFailed.catch((error: unknown) => {
        failed = true;
        throw error;
      }),
    ]);
  };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "fincoach-real-ml-"));
    database = await createTestDatabase();
    const rows = await loadRows();
    traffic = rows.traffic;
    truth = new Map(rows.traffic.map((r) => [`${r.description}|${r.date}|${r.amount}`, r.category!]));
    for (let i = 0; i < PEOPLE; i++) {
      const [row] = await database.db
        .insert(users)
        .values({ email: `person${i}@example.test`, passwordHash: "unused" })
        .returning({ id: users.id });
      people.push(row!.id);
    }
    // v1 and v2: the real labels (v2 on more rows, so a different artifact); v3: every label
    // moved to the next category, a model that is confidently wrong.
    const { labels } = rows;
    const datasets: Record<string, string> = {
      v1: csv(rows.train.slice(0, Math.floor(rows.train.length / 2)), (r) => r.category!),
      v2: csv(rows.train, (r) => r.category!),
      v3: csv(rows.train, (r) => labels[(labels.indexOf(r.category!) + 1) % labels.length]!),
    };
    for (const [version, body] of Object.entries(datasets)) {
      const file = join(dir, `${version}.csv`);
      await writeFile(file, body);
      const { stdout } = await execFileP(
        process.execPath,
        [
          join(ROOT, "services/ml/src/train-command.ts"),
          "--data",
          file,
          "--model",
          "categorizer",
          "--version",
          version,
          "--store",
          "pg",
        ],
        { env: { ...process.env, DATABASE_URL: database.url, LOG_LEVEL: "error" } },
      );
      trained.set(version, JSON.parse(stdout) as Trained);
    }

    // Start with no weights document at all, as on a namespace the operator has not touched yet.
    await mkdir(join(dir, "traffic"));
    const port = await freePort();
    mlUrl = `http://127.0.0.1:${port}`;
    ml = spawn(process.execPath, [join(ROOT, "services/ml/src/main.ts")], {
      env: {
        ...process.env,
        DATABASE_URL: database.url,
        REDIS_URL: TEST_REDIS_URL,
        REDIS_PREFIX: `fincoach-test-${randomUUID()}:`,
        PORT: String(port),
        HOST: "127.0.0.1",
        LOG_LEVEL: "info",
        TRAFFIC_WEIGHTS_FILE: weightsFile(),
        MODEL_REFRESH_SECONDS: "1",
        TRAINING_WORKER: "false",
        RETRAIN_SWEEP_SECONDS: "0",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const log = createWriteStream(join(dir, "ml.log"));
    ml.stdout?.pipe(log);
    ml.stderr?.pipe(log);
    await eventually(async () => {
      const r = await fetch(`${mlUrl}/readyz`);
      assert.equal(r.status, 200);
    }, 60_000);

    cluster = await startOperatorCluster();
    await cluster.createNamespace(NS);
    weightsWatch = new ResilientInformer<V1ConfigMap>({
      connection: KubeConnection.fromFile(cluster.cp.kubeconfigPath),
      apiVersion: "v1",
      plural: "configmaps",
      namespace: NS,
    });
    // In order: a later document must not be overwritten by an earlier one still being written.
    let mirrored = Promise.resolve();
    const enqueue = (cm: V1ConfigMap) => {
      mirrored = mirrored.then(() => mirror(cm));
    };
    weightsWatch.onAdd(enqueue);
    weightsWatch.onUpdate(enqueue);
    await weightsWatch.start();
    // The ML service answers for every version on one address here; in the cluster the
    // template names each version's Service.
    operator = await startInProcessOperator(cluster, testEnv({ STATS_URL_TEMPLATE: mlUrl }));
  });
  after(async () => {
    driving = false;
    await driver?.catch(() => {});
    await weightsWatch?.stop();
    await operator?.stop();
    await cluster?.stop();
    if (ml && ml.exitCode === null) {
      const exited = new Promise((r) => ml?.once("exit", r));
      ml.kill("SIGTERM");
      await exited;
    }
    await database?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  test("v1 serves everyone once the operator's weights reach the service", async () => {
    await cluster.apply([modelVersion("v1")]);
    await markAvailable("v1");
    await eventually(async () => assert.equal(await phase("v1"), "Serving"), 60_000);
    startDriving();
    await whileDriving(() => assert.ok((served.get("v1") ?? 0) >= 20), 60_000);
    const weights = parseTrafficWeights({ [TRAFFIC_WEIGHTS_KEY]: await readFile(weightsFile(), "utf8") });
    assert.deepEqual(
      weights.models.categorizer?.versions.map((v) => [v.version, v.weight]),
      [["v1", 100]],
    );
  });

  test("a sound candidate gets real traffic, passes its checks on real stats, and is promoted", async () => {
    await cluster.apply([modelVersion("v2")]);
    await markAvailable("v2");
    await whileDriving(async () => assert.equal(await phase("v2"), "Promoted"), 180_000);
    assert.ok((served.get("v2") ?? 0) > 0, "people in the canary's buckets were served by v2");
    const analysis = (await mv("v2"))?.status?.analysis;
    assert.ok((analysis?.samples ?? 0) >= 10, `samples ${analysis?.samples}`);
    assert.ok((analysis?.feedbackAcceptanceRate ?? 0) >= 0.6, `acceptance ${analysis?.feedbackAcceptanceRate}`);
  });

  test("a candidate people keep correcting is rolled back, and everyone is back on the champion", async () => {
    await cluster.apply([modelVersion("v3")]);
    await markAvailable("v3");
    await whileDriving(async () => assert.equal(await phase("v3"), "RolledBack"), 180_000);
    const ready = (await mv("v3"))?.status?.conditions?.find((c) => c.type === "Ready");
    assert.match(ready?.message ?? "", /FeedbackAcceptanceTooLow/);
    assert.ok((served.get("v3") ?? 0) > 0, "v3 was really served to its canary before the rollback");
    // Once the service has re-read the weights, every person is served by v2 again.
    await whileDriving(async () => {
      const before = served.get("v3") ?? 0;
      served.set("v2", 0);
      await new Promise((r) => setTimeout(r, 1000));
      assert.equal(served.get("v3") ?? 0, before, "no one is served by v3 any more");
      assert.ok((served.get("v2") ?? 0) > 0);
    }, 30_000);
  });
});
