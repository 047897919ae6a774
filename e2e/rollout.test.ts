/**
 * ModelVersion rollouts on a real node, with real ML pods and real traffic: the chart
 * installed with its defaults (two operator replicas, one leader; stats read over HTTP from
 * each version's ML Service), the default model made the champion ModelVersion, then
 *
 * - a candidate trained on the shipped data (the classes a person's categories map) takes
 *   a stepped share of people, its own pod answers their transactions, and it is promoted
 *   on the stats that pod and the people's feedback produce;
 * - a candidate trained on the same rows with their labels dealt out at random is rolled
 *   back: the people it serves reject its suggestions, its feedback acceptance falls under
 *   the gate, and traffic returns to the champion.
 *
 * The people are real API users who review every proposed category (threshold 1, so a pick
 * is a suggestion): they accept it when it is the row's true class and correct it
 * otherwise, which is the feedback the rollout's acceptance gate reads. Their buckets
 * (`userBucket`) decide who sees the candidate: some fall in the candidate's first step,
 * one in its second, some never until it is promoted.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import {
  parseVersionStats,
  statsPath,
  TRAFFIC_WEIGHTS_CONFIGMAP,
  TRAFFIC_WEIGHTS_KEY,
  TrafficWeights,
} from "@fincoach/contracts";
import { eventually, TEST_ADMIN_URL } from "@fincoach/testing";
import {
  type LabelledRow,
  mappedBirminghamRows,
  onePerMerchant,
  seededShuffle,
  writeTrainingCsv,
} from "./test-support/labelled-rows.ts";
import { NAMESPACE, type PreparedRelease, prepareRelease } from "./test-support/release.ts";
import {
  acceptanceOf,
  type Review,
  type ReviewingPerson,
  registerReviewingPerson,
  reviewNextRow,
  startReviewTraffic,
} from "./test-support/reviewing-people.ts";

const run = promisify(execFile);
const REPO = join(import.meta.dirname, "..");
const MODEL = "categorizer";
// Buckets are laid out champion first: at weight w the candidate has buckets [100 - w, 100).
const STEP = 25;
const MAX_WEIGHT = 50;
const MIN_ACCEPTANCE = 0.6;
// Below the ML service's PERSON_MODEL_MIN_ROWS (200): every review leaves a labelled row, and
// a person with 200 of them and 20 corrections gets a model of their own at the next
// retraining sweep, which would then answer them instead of the versions under test.
const ROWS_PER_PERSON = 180;
// Short checks so a rollout takes minutes; each check reads the candidate pod's last interval.
const ROLLOUT = {
  stepWeight: STEP,
  maxWeight: MAX_WEIGHT,
  interval: "30s",
  threshold: 3,
  thresholds: {
    minSamples: 10,
    maxErrorRate: 0.05,
    // Generous: the shared 2-core machine is loaded; the gate under test here is acceptance.
    maxLatencyP99Ms: 3000,
    minFeedbackAcceptance: MIN_ACCEPTANCE,
  },
};

type Condition = { type: string; status: string; reason: string; message: string; lastTransitionTime: string };
type ModelVersionStatus = {
  phase?: string;
  trafficWeight?: number;
  analysis?: { samples?: number; feedbackAcceptanceRate?: number; failedChecks?: number };
  conditions?: Condition[];
};

describe("ModelVersion rollouts with real ML pods on a real node", { timeout: 150 * 60_000 }, () => {
  let release: PreparedRelease | undefined;
  let workDir = "";
  const r = () => release ?? assert.fail("no release");

  before(
    async () => {
      workDir = await mkdtemp(join(tmpdir(), "fincoach-rollout-"));
      // Several e2e files share the machine's one node: wait longer than one run for it.
      release = await prepareRelease({ lockTimeoutMs: 60 * 60_000 });
    },
    { timeout: 90 * 60_000 },
  );
  after(async () => {
    await release?.stop();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  const kubectl = (args: string[], input?: string) => r().kubectl(args, input);
  const mlImage = () =>
    r().images.find((i) => i.reference.includes("/ml:"))?.reference ?? assert.fail("no ml image was built");
  const statusOf = async (name: string): Promise<ModelVersionStatus> =>
    (JSON.parse(await kubectl(["get", "modelversion", name, "-o", "json"])) as { status?: ModelVersionStatus })
      .status ?? {};
  const condition = (status: ModelVersionStatus, type: string) =>
    status.conditions?.find((c) => c.type === type) ?? assert.fail(`no ${type} condition: ${JSON.stringify(status)}`);
  const weights = async () => {
    const cm = JSON.parse(await kubectl(["get", "configmap", TRAFFIC_WEIGHTS_CONFIGMAP, "-o", "json"])) as {
      data: Record<string, string>;
    };
    const doc = TrafficWeights.parse(JSON.parse(cm.data[TRAFFIC_WEIGHTS_KEY] ?? "null"));
    // Versions that take traffic, by version name.
    return Object.fromEntries(
      (doc.models[MODEL]?.versions ?? []).filter((v) => v.weight > 0).map((v) => [v.version, v.weight]),
    );
  };
  const applyModelVersion = (
    name: string,
    version: string,
    artifact: { uri: string; sha256: string },
    labels: string[],
    rollout?: unknown,
  ) =>
    kubectl(
      ["apply", "-f", "-"],
      JSON.stringify({
        apiVersion: "fincoach.dev/v1alpha1",
        kind: "ModelVersion",
        metadata: { name, namespace: NAMESPACE },
        spec: {
          model: MODEL,
          version,
          image: mlImage(),
          artifact: { ...artifact, format: "onnx" },
          labels,
          // One pod: the http stats source reads one pod's window through the Service.
          replicas: 1,
          ...(rollout ? { rollout } : {}),
        },
      }),
    );
  const deploymentReplicas = async (name: string) =>
    (JSON.parse(await kubectl(["get", "deployment", name, "-o", "json"])) as { spec: { replicas: number } }).spec
      .replicas;
  // The version's pod, asked directly through its Service: what it predicted in the last hour.
  const podPredictions = async (name: string, version: string) => {
    const ip = (await kubectl(["get", "service", name, "-o", "jsonpath={.spec.clusterIP}"])).trim();
    const res = await fetch(`http://${ip}:8080${statsPath(MODEL, version, "1h")}`, {
      signal: AbortSignal.timeout(30_000),
    });
    assert.equal(res.status, 200);
    return parseVersionStats(await res.json()).predictions;
  };
  // The version's one pod, scraped like Prometheus would: at its container port named `metrics`.
  const podPredictionsCounter = async (name: string, version: string) => {
    const pods = JSON.parse(
      await kubectl([
        "get",
        "pods",
        "-l",
        `app.kubernetes.io/component=model-server,app.kubernetes.io/instance=${name}`,
        "--field-selector=status.phase=Running",
        "-o",
        "json",
      ]),
    ) as {
      items: {
        status: { podIP: string };
        spec: { containers: { ports?: { name?: string; containerPort: number }[] }[] };
      }[];
    };
    assert.equal(pods.items.length, 1, `${name}: one running pod`);
    const [pod] = pods.items;
    const port = pod?.spec.containers[0]?.ports?.find((p) => p.name === "metrics")?.containerPort;
    assert.ok(port, `${name}: no container port named metrics`);
    const text = await (
      await fetch(`http://${pod?.status.podIP}:${port}/metrics`, { signal: AbortSignal.timeout(30_000) })
    ).text();
    const series = [...text.matchAll(/^fincoach_ml_predictions_total\{([^}]*)\} (\d+)$/gm)].find(
      (m) => m[1]?.includes(`model="${MODEL}"`) && m[1].includes(`version="${version}"`),
    );
    assert.ok(series, `${name}: no predictions series for ${version}`);
    return Number(series[2]);
  };
  // Trains a version from the host into the release's database (the built-in pg store).
  const train = async (version: string, csv: string) => {
    const { stdout } = await run(
      "sh",
      [
        "scripts/node.sh",
        "services/ml/src/train-command.ts",
        "--data",
        csv,
        "--model",
        MODEL,
        "--version",
        version,
        "--store",
        "pg",
      ],
      {
        cwd: REPO,
        env: { ...process.env, DATABASE_URL: TEST_ADMIN_URL.replace(/\/[^/]*$/, `/${r().database}`) },
        timeout: 10 * 60_000,
        maxBuffer: 16 * 1024 * 1024,
      },
    );
    const out = JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as {
      created: boolean;
      artifact: { uri: string; sha256: string };
      labels: string[];
    };
    assert.equal(out.created, true, stdout);
    assert.match(out.artifact.uri, /^pg:\/\/model-artifacts\/[0-9a-f]{64}$/);
    return out;
  };
  // Polls a version's status every second from the moment it is applied, recording every
  // (phase, weight) it passes through, so no step is missed while the test waits on others.
  const followStatus = (name: string) => {
    const seen: string[] = [];
    let latest: ModelVersionStatus = {};
    let running = true;
    const loop = (async () => {
      while (running) {
        // Absent until applied: kubectl fails and the poll goes on.
        const status = await statusOf(name).catch(() => undefined);
        if (status) {
          latest = status;
          const step = `${status.phase}@${status.trafficWeight}`;
          if (seen.at(-1) !== step) seen.push(step);
        }
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    })();
    return {
      seen,
      until: (check: (s: ModelVersionStatus) => boolean, timeoutMs: number) =>
        eventually(
          async () => {
            assert.ok(check(latest), `${name}: ${JSON.stringify(latest)}; seen ${seen.join(" ")}`);
            return latest;
          },
          timeoutMs,
          500,
        ),
      async stop() {
        running = false;
        await loop;
      },
    };
  };

  let rows: LabelledRow[] = [];
  // Who sees a candidate at 25% (one group per candidate, each person's rows being few), who
  // only at 50%, who only once it is promoted.
  const firstStep: [ReviewingPerson[], ReviewingPerson[]] = [[], []];
  const secondStep: ReviewingPerson[] = [];
  const championOnly: ReviewingPerson[] = [];
  const people = () => [...firstStep.flat(), ...secondStep, ...championOnly];
  // Every review of the file, for the people's own tally per version.
  const allReviews: Review[] = [];

  test("helm install with default values: every pod becomes Ready", { timeout: 20 * 60_000 }, async () => {
    await r().install();
    await kubectl(["wait", "pods", "-l", "!batch.kubernetes.io/job-name", "--for=condition=Ready", "--timeout=300s"]);
  });

  test("the default model becomes the champion ModelVersion, served by its own pod", {
    timeout: 10 * 60_000,
  }, async () => {
    // The chart's ML pod registered the default model (ENSURE_DEFAULT_MODEL); as the model's
    // first ModelVersion it serves everyone, no rollout, once its own pod is available
    // (until then the model is out of the weights and the chart's ML pod answers).
    const db = r().db();
    const [v1] = await db`select artifact_uri, artifact_sha256, labels from model_versions
      where model = ${MODEL} and version = 'v1' and user_id is null`;
    await db.end();
    assert.ok(v1, "the ML pod registered the default model");
    const v1Status = followStatus("categorizer-v1");
    let status: ModelVersionStatus;
    try {
      await applyModelVersion("categorizer-v1", "v1", { uri: v1.artifact_uri, sha256: v1.artifact_sha256 }, v1.labels);
      status = await v1Status.until((s) => s.phase === "Serving", 5 * 60_000);
    } finally {
      await v1Status.stop();
    }
    // Loading the artifact takes its pod seconds: the one-second poll sees the wait.
    assert.deepEqual(
      v1Status.seen.filter((step) => step !== "undefined@undefined"),
      ["Pending@0", "Serving@100"],
    );
    assert.equal(status.trafficWeight, 100);
    assert.equal(condition(status, "Promoted").reason, "FirstVersion");
    await kubectl(["wait", "deployment/categorizer-v1", "--for=condition=Available", "--timeout=300s"]);
    // The weights follow the status in the same reconcile.
    await eventually(async () => assert.deepEqual(await weights(), { v1: 100 }), 60_000, 1_000);
  });

  test("people who review their categories, in buckets on both sides of the candidate's steps", {
    timeout: 10 * 60_000,
  }, async (t) => {
    rows = await mappedBirminghamRows();
    const pool = onePerMerchant(rows);
    const wants: [ReviewingPerson[], number][] = [
      [firstStep[0], 3],
      [firstStep[1], 3],
      [secondStep, 1],
      [championOnly, 2],
    ];
    // Enough people that some land in each bucket range; sign-ups are cheap.
    for (let i = 0; i < 80 && wants.some(([g, n]) => g.length < n); i++) {
      const person = await registerReviewingPerson(r(), {
        model: MODEL,
        index: i,
        rows: seededShuffle(pool, i + 1).slice(0, ROWS_PER_PERSON),
      });
      const range =
        person.bucket >= 100 - STEP ? firstStep : person.bucket >= 100 - MAX_WEIGHT ? [secondStep] : [championOnly];
      wants.find(([g, n]) => range.includes(g) && g.length < n)?.[0].push(person);
    }
    t.diagnostic(`buckets: ${wants.map(([g]) => g.map((p) => p.bucket).join(" ")).join(" | ")}`);
    assert.deepEqual(
      wants.map(([g]) => g.length),
      wants.map(([, n]) => n),
    );
    // The champion's own pod answers them, once the API pods read the weights (the chart's
    // ML pod, which serves v1 too, answers until then).
    await eventually(
      async () => {
        const before = await podPredictions("categorizer-v1", "v1");
        for (const person of people()) {
          const review = await reviewNextRow(r(), person);
          allReviews.push(review);
          assert.deepEqual([review.model, review.version], [MODEL, "v1"], JSON.stringify(review));
        }
        assert.ok((await podPredictions("categorizer-v1", "v1")) >= before + people().length);
      },
      120_000,
      2_000,
    );
  });

  test("a candidate trained on the data is stepped in, serves its share from its own pod and is promoted", {
    timeout: 20 * 60_000,
  }, async (t) => {
    const csv = join(workDir, "v2.csv");
    await writeTrainingCsv(csv, rows);
    const v2 = await train("v2", csv);
    const traffic = startReviewTraffic(r(), [...firstStep[0], ...secondStep, ...championOnly], {
      pauseMs: 1_000,
    });
    const v2Status = followStatus("categorizer-v2");
    const { seen } = v2Status;
    let promoted: ModelVersionStatus;
    try {
      await applyModelVersion("categorizer-v2", "v2", v2.artifact, v2.labels, ROLLOUT);
      // The operator creates it; `kubectl wait` fails at once on an object that is not there yet.
      await eventually(() => kubectl(["get", "deployment", "categorizer-v2"]), 60_000, 1_000);
      await kubectl(["wait", "deployment/categorizer-v2", "--for=condition=Available", "--timeout=300s"]);
      await kubectl([
        "wait",
        "pods",
        "-l",
        "app.kubernetes.io/component=model-server,app.kubernetes.io/instance=categorizer-v2",
        "--for=condition=Ready",
        "--timeout=120s",
      ]);
      // Its first step: the people in the top buckets are answered by the candidate's pod.
      await v2Status.until((s) => s.phase === "Progressing" || s.phase === "Promoted", 300_000);
      await eventually(
        async () => {
          for (const p of firstStep[0])
            assert.ok(
              traffic.reviews.some((x) => x.person === p.email && x.version === "v2"),
              `${p.email} (bucket ${p.bucket}) not served by v2 yet`,
            );
        },
        180_000,
        2_000,
      );
      promoted = await v2Status.until((s) => s.phase === "Promoted", 10 * 60_000);
      // Once promoted it serves everyone.
      await eventually(async () => assert.deepEqual(await weights(), { v2: 100 }), 60_000, 1_000);
      const since = Date.now();
      await eventually(
        async () => {
          for (const p of [...firstStep[0], ...secondStep, ...championOnly])
            assert.ok(
              traffic.reviews.some((x) => x.person === p.email && x.startedAt >= since && x.version === "v2"),
              `${p.email} (bucket ${p.bucket}) not served by v2 yet`,
            );
        },
        180_000,
        2_000,
      );
    } finally {
      await traffic.stop();
      await v2Status.stop();
      allReviews.push(...traffic.reviews);
    }
    t.diagnostic(
      `v2 steps: ${seen.join(" ")}; ${traffic.reviews.length} reviews; ${JSON.stringify(promoted.analysis)}`,
    );
    assert.deepEqual(traffic.errors, []);
    // The shared model answered every row (nobody's own model).
    assert.deepEqual([...new Set(traffic.reviews.flatMap((x) => x.model ?? []))], [MODEL]);
    // Stepped: the first step's weight, then the second, then promoted to everything.
    const steps = seen.filter((s) => s.startsWith("Progressing@") || s.startsWith("Promoted@"));
    assert.deepEqual([...new Set(steps)], [`Progressing@${STEP}`, `Progressing@${MAX_WEIGHT}`, "Promoted@100"]);
    const promotedAt = Date.parse(condition(promoted, "Promoted").lastTransitionTime);
    assert.equal(condition(promoted, "Promoted").reason, "AnalysisSucceeded");
    // The stats that promoted it were real: enough predictions, people accepting its picks.
    assert.ok((promoted.analysis?.samples ?? 0) >= ROLLOUT.thresholds.minSamples, JSON.stringify(promoted.analysis));
    assert.ok((promoted.analysis?.feedbackAcceptanceRate ?? 0) >= MIN_ACCEPTANCE, JSON.stringify(promoted.analysis));
    const mine = traffic.reviews.filter((x) => x.version === "v2");
    assert.ok(acceptanceOf(mine).rate >= MIN_ACCEPTANCE, JSON.stringify(acceptanceOf(mine)));
    // Nobody outside the candidate's buckets saw it before the promotion.
    const early = traffic.reviews.filter(
      (x) => x.version === "v2" && x.startedAt < promotedAt && championOnly.some((p) => p.email === x.person),
    );
    assert.deepEqual(early, []);
    // Every v2 answer the people got came from its pod (the only one; nothing else calls it).
    const predicted = await podPredictions("categorizer-v2", "v2");
    assert.ok(predicted >= mine.length, `${predicted} < ${mine.length}`);
    // Its /metrics, on the port Prometheus is let in at, counts the same predictions.
    assert.equal(await podPredictionsCounter("categorizer-v2", "v2"), predicted);
    // The old champion retired and scaled to zero.
    const v1 = await statusOf("categorizer-v1");
    assert.deepEqual([v1.phase, v1.trafficWeight], ["Superseded", 0]);
    await eventually(async () => assert.equal(await deploymentReplicas("categorizer-v1"), 0), 60_000, 1_000);
  });

  test("a candidate trained on shuffled labels is rolled back on its feedback acceptance", {
    timeout: 20 * 60_000,
  }, async (t) => {
    const csv = join(workDir, "v3.csv");
    // Same rows, same classes and frequencies, labels dealt out at random.
    await writeTrainingCsv(csv, rows, { shuffleLabelsSeed: 3 });
    const v3 = await train("v3", csv);
    // Fresh people in the first step (the first group's rows are mostly used), and the
    // champion's own people besides.
    const traffic = startReviewTraffic(r(), [...firstStep[1], ...championOnly], { pauseMs: 1_000 });
    const v3Status = followStatus("categorizer-v3");
    const { seen } = v3Status;
    let rolledBack: ModelVersionStatus;
    try {
      await applyModelVersion("categorizer-v3", "v3", v3.artifact, v3.labels, ROLLOUT);
      await v3Status.until((s) => s.phase === "Progressing" || s.phase === "RolledBack", 420_000);
      await eventually(
        async () =>
          assert.ok(
            traffic.reviews.some((x) => x.version === "v3"),
            "nobody served by v3 yet",
          ),
        180_000,
        2_000,
      );
      rolledBack = await v3Status.until((s) => s.phase === "RolledBack", 10 * 60_000);
    } finally {
      await traffic.stop();
      await v3Status.stop();
      allReviews.push(...traffic.reviews);
    }
    t.diagnostic(
      `v3 steps: ${seen.join(" ")}; ${traffic.reviews.length} reviews; ${JSON.stringify(rolledBack.analysis)}`,
    );
    assert.deepEqual(traffic.errors, []);
    assert.deepEqual([...new Set(traffic.reviews.flatMap((x) => x.model ?? []))], [MODEL]);
    assert.equal(rolledBack.trafficWeight, 0);
    // It never got past its first step, and the reason is the people's verdict on its picks.
    assert.ok(!seen.includes(`Progressing@${MAX_WEIGHT}`), seen.join(" "));
    const ready = condition(rolledBack, "Ready");
    assert.deepEqual([ready.status, ready.reason], ["False", "RolledBack"]);
    assert.match(
      ready.message,
      new RegExp(
        `^FeedbackAcceptanceTooLow: feedback acceptance [0-9.]+ < minFeedbackAcceptance ${MIN_ACCEPTANCE} \\(3/3 failed checks\\)`,
      ),
    );
    assert.ok((rolledBack.analysis?.feedbackAcceptanceRate ?? 1) < MIN_ACCEPTANCE, JSON.stringify(rolledBack.analysis));
    // The people saw the same: they rejected most of v3's picks and kept accepting v2's.
    const byVersion = (v: string) => acceptanceOf(allReviews.filter((x) => x.version === v));
    t.diagnostic(`acceptance: v2 ${JSON.stringify(byVersion("v2"))}, v3 ${JSON.stringify(byVersion("v3"))}`);
    assert.ok(byVersion("v3").rate < MIN_ACCEPTANCE);
    assert.ok(byVersion("v2").rate >= MIN_ACCEPTANCE);
    // Traffic is back with the champion: the weights, the scaled-down Deployment, and
    // every person's next transaction.
    await eventually(
      async () => {
        assert.deepEqual(await weights(), { v2: 100 });
        assert.equal(await deploymentReplicas("categorizer-v3"), 0);
      },
      60_000,
      1_000,
    );
    assert.equal((await statusOf("categorizer-v2")).phase, "Promoted");
    await eventually(
      async () => {
        for (const person of firstStep[1]) {
          const review = await reviewNextRow(r(), person);
          assert.equal(review.version, "v2", JSON.stringify(review));
        }
      },
      120_000,
      3_000,
    );
  });

  test("the node's teardown leaves the machine as it was", { timeout: 120_000 }, async () => {
    assert.deepEqual(await release?.stop(), []);
  });
});
