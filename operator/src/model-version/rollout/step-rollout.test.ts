import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { MINUTE, ModelHarness, stats, version } from "./rollout-test-support.ts";
import { stepRollout } from "./step-rollout.ts";

const sum = (h: ModelHarness) => h.weights.reduce((s, w) => s + w.weight, 0);

describe("stepRollout: the first version", () => {
  test("becomes the champion at 100% at once, with conditions and an event", () => {
    const h = new ModelHarness([version("v1", 0)]);
    h.step();
    assert.equal(h.phase("v1"), "Serving");
    assert.deepEqual(h.weights, [{ version: "v1", weight: 100, service: "categorizer-v1", champion: true }]);
    assert.equal(h.status("v1").trafficWeight, 100);
    assert.equal(h.status("v1").observedGeneration, 1);
    const promoted = h.condition("v1", "Promoted");
    assert.deepEqual([promoted?.status, promoted?.reason, promoted?.observedGeneration], ["True", "FirstVersion", 1]);
    assert.equal(promoted?.lastTransitionTime, "2025-01-01T01:00:00Z");
    assert.equal(h.condition("v1", "Ready")?.status, "True");
    assert.equal(h.condition("v1", "Progressing")?.status, "False");
    assert.deepEqual(h.reasons(), ["v1:Serving"]);
    assert.deepEqual(h.statsCalls, []);
  });

  test("a repeated step changes nothing and emits nothing", () => {
    const h = new ModelHarness([version("v1", 0)]);
    h.step();
    const before = structuredClone(h.versions);
    h.advance(5 * MINUTE);
    assert.deepEqual(h.versions, before);
    assert.equal(h.events.length, 1);
    assert.equal(h.requeueAfterMs, undefined);
  });

  test("of two created together, the older is the champion and the newer the candidate", () => {
    const h = new ModelHarness([version("v2", 5), version("v1", 0)]);
    h.step();
    assert.equal(h.phase("v1"), "Serving");
    assert.equal(h.phase("v2"), "Progressing");
    assert.deepEqual(
      h.weights.map((w) => [w.version, w.weight]),
      [
        ["v1", 80],
        ["v2", 20],
      ],
    );
  });

  test("without an available replica it waits Pending and out of the weights, then serves once available", () => {
    // Out of the weights, callers keep their fallback (the chart's ML Deployment) instead of
    // a Service with no ready endpoint.
    const h = new ModelHarness([{ ...version("v1", 0), available: false }]);
    h.step();
    assert.equal(h.phase("v1"), "Pending");
    assert.deepEqual(h.weights, []);
    assert.equal(h.status("v1").trafficWeight, 0);
    const ready = h.condition("v1", "Ready");
    assert.deepEqual([ready?.status, ready?.reason], ["False", "WaitingForAvailability"]);
    h.advance(MINUTE);
    assert.deepEqual(h.reasons(), ["v1:WaitingForAvailability"]);
    h.versions = h.versions.map((v) => ({ ...v, available: true }));
    h.advance(1000);
    assert.equal(h.phase("v1"), "Serving");
    assert.equal(h.condition("v1", "Promoted")?.reason, "FirstVersion");
    assert.deepEqual(h.weights, [{ version: "v1", weight: 100, service: "categorizer-v1", champion: true }]);
    assert.deepEqual(h.reasons(), ["v1:WaitingForAvailability", "v1:Serving"]);
  });

  test("a version applied while the first waits for its pods queues behind it", () => {
    const h = new ModelHarness([{ ...version("v1", 0), available: false }, version("v2", 1)]);
    h.step();
    assert.deepEqual([h.phase("v1"), h.phase("v2")], ["Pending", "Queued"]);
    assert.match(h.condition("v2", "Progressing")?.message ?? "", /waiting for v1/);
    assert.deepEqual(h.weights, []);
    h.versions = h.versions.map((v) => ({ ...v, available: true }));
    h.advance(1000);
    assert.deepEqual([h.phase("v1"), h.phase("v2")], ["Serving", "Progressing"]);
    assert.deepEqual([h.weight("v1"), h.weight("v2")], [80, 20]);
  });

  test("a model with no versions has no weights", () => {
    const out = stepRollout({ versions: [], now: new Date() });
    assert.deepEqual(out.weights, []);
    assert.equal(out.statuses.size, 0);
  });
});

describe("stepRollout: promotion", () => {
  test("steps up every interval while checks pass, then promotes and supersedes the old champion", () => {
    const h = new ModelHarness([version("v1", 0)]);
    h.step();
    h.add(version("v2", 10));
    h.step();
    assert.equal(h.phase("v2"), "Progressing");
    assert.equal(h.condition("v2", "Progressing")?.reason, "AnalysisStarted");
    assert.deepEqual([h.weight("v1"), h.weight("v2")], [80, 20]);
    assert.equal(h.requeueAfterMs, MINUTE);

    h.advance(30_000);
    assert.deepEqual(h.statsCalls, [], "no check before the interval has passed");
    assert.equal(h.requeueAfterMs, 30_000);

    h.advance(30_000);
    assert.deepEqual(h.statsCalls, ["categorizer-v2"]);
    assert.deepEqual([h.weight("v1"), h.weight("v2")], [60, 40]);
    assert.equal(h.status("v2").analysis?.samples, 500);
    assert.equal(h.status("v2").analysis?.failedChecks, 0);
    assert.equal(h.condition("v2", "Progressing")?.reason, "CheckPassed");
    assert.equal(
      h.condition("v2", "Progressing")?.lastTransitionTime,
      "2025-01-01T01:00:00Z",
      "still True: no transition",
    );

    h.advance(MINUTE);
    assert.deepEqual([h.weight("v1"), h.weight("v2")], [40, 60]);
    assert.equal(h.phase("v2"), "Progressing", "at maxWeight it needs one more passing check");

    h.advance(MINUTE);
    assert.equal(h.phase("v2"), "Promoted");
    assert.equal(h.phase("v1"), "Superseded");
    assert.deepEqual(h.weights, [{ version: "v2", weight: 100, service: "categorizer-v2", champion: true }]);
    assert.equal(h.status("v1").trafficWeight, 0);
    assert.equal(h.status("v2").trafficWeight, 100);
    assert.equal(h.condition("v2", "Promoted")?.reason, "AnalysisSucceeded");
    assert.equal(h.condition("v2", "Progressing")?.status, "False");
    assert.equal(h.condition("v1", "Promoted")?.reason, "Superseded");
    assert.equal(h.requeueAfterMs, undefined);
    assert.deepEqual(h.reasons(), [
      "v1:Serving",
      "v2:AnalysisStarted",
      "v2:WeightIncreased",
      "v2:WeightIncreased",
      "v2:Promoted",
      "v1:Superseded",
    ]);
    assert.equal(h.statsCalls.length, 3);
  });

  test("the step is capped at maxWeight when it is not a multiple of stepWeight", () => {
    const h = new ModelHarness([version("v1", 0), version("v2", 1, { stepWeight: 20, maxWeight: 50 })]);
    h.step();
    const seen = [h.weight("v2")];
    for (let i = 0; i < 3; i++) {
      h.advance(MINUTE);
      seen.push(h.weight("v2"));
    }
    assert.deepEqual(seen, [20, 40, 50, 100]);
    assert.equal(h.phase("v2"), "Promoted");
  });

  test("asks for the candidate's stats over its interval", () => {
    const h = new ModelHarness([version("v1", 0), version("v2", 1, { interval: "30s" })]);
    h.step();
    const out = stepRollout({ versions: h.versions, now: new Date(h.now.getTime() + 30_000) });
    assert.deepEqual(out.awaitingStats, { name: "categorizer-v2", model: "categorizer", version: "v2", window: "30s" });
    assert.deepEqual(out.events, [], "nothing decided before the stats arrive");
  });
});

describe("stepRollout: rollback", () => {
  test("threshold failed checks roll back to 0% with the reason in the conditions", () => {
    const h = new ModelHarness([version("v1", 0), version("v2", 1)]);
    h.statsFor = () => stats({ predictions: 200, errors: 40 });
    h.step();
    h.advance(MINUTE);
    assert.equal(h.phase("v2"), "Progressing");
    assert.deepEqual([h.weight("v1"), h.weight("v2")], [80, 20], "a failed check does not step up");
    assert.equal(h.status("v2").analysis?.failedChecks, 1);
    assert.equal(h.condition("v2", "Progressing")?.reason, "CheckFailed");

    h.advance(MINUTE);
    assert.equal(h.phase("v2"), "RolledBack");
    assert.equal(h.phase("v1"), "Serving");
    assert.deepEqual(h.weights, [{ version: "v1", weight: 100, service: "categorizer-v1", champion: true }]);
    assert.equal(h.status("v2").trafficWeight, 0);
    assert.equal(h.status("v2").analysis?.failedChecks, 2);
    assert.equal(h.status("v2").analysis?.errorRate, 0.2);
    const ready = h.condition("v2", "Ready");
    assert.deepEqual([ready?.status, ready?.reason], ["False", "RolledBack"]);
    assert.match(ready?.message ?? "", /ErrorRateExceeded: error rate 0.2 > maxErrorRate 0.05 \(2\/2 failed checks\)/);
    assert.deepEqual(h.reasons().slice(-2), ["v2:CheckFailed", "v2:RolledBack"]);
    assert.equal(h.events.at(-1)?.type, "Warning");
    assert.equal(h.requeueAfterMs, undefined);
    // The transition is reported once, with the failed check; steps from RolledBack report none.
    assert.deepEqual(h.rollbacks, [{ name: "categorizer-v2", reason: "ErrorRateExceeded" }]);
    for (let i = 0; i < 3; i++) h.advance(MINUTE);
    assert.equal(h.phase("v2"), "RolledBack");
    assert.equal(h.rollbacks.length, 1);
  });

  test("checks without data count as failed: no predictions, too few, stats source down", () => {
    const h = new ModelHarness([version("v1", 0), version("v2", 1, { threshold: 3 })]);
    const answers = [
      stats({ predictions: 0, errors: 0 }),
      stats({ predictions: 5, errors: 0 }),
      { ok: false, error: "timeout" } as const,
    ];
    h.statsFor = () => answers.shift() ?? stats();
    h.step();
    const reasons: string[] = [];
    for (let i = 0; i < 3; i++) {
      h.advance(MINUTE);
      reasons.push(h.condition("v2", "Progressing")?.message.split(":")[0] ?? "");
    }
    assert.deepEqual(reasons.slice(0, 2), ["NoData", "InsufficientSamples"]);
    assert.equal(h.phase("v2"), "RolledBack");
    assert.match(h.condition("v2", "Ready")?.message ?? "", /^StatsUnavailable: no stats: timeout/);
    assert.deepEqual(h.rollbacks, [{ name: "categorizer-v2", reason: "StatsUnavailable" }]);
  });

  test("failed checks accumulate across passes (Flagger counts them per analysis)", () => {
    const h = new ModelHarness([version("v1", 0), version("v2", 1, { threshold: 2, maxWeight: 100 })]);
    const answers = [stats({ errors: 100 }), stats(), stats({ errors: 100 })];
    h.statsFor = () => answers.shift() ?? stats();
    h.step();
    h.advance(MINUTE);
    h.advance(MINUTE);
    assert.equal(h.weight("v2"), 40);
    h.advance(MINUTE);
    assert.equal(h.phase("v2"), "RolledBack");
  });
});

describe("stepRollout: one rollout per model", () => {
  test("a later candidate waits Queued, then starts against the new champion", () => {
    const h = new ModelHarness([version("v1", 0), version("v2", 1), version("v3", 2)]);
    h.step();
    assert.equal(h.phase("v3"), "Queued");
    const queued = h.condition("v3", "Progressing");
    assert.deepEqual([queued?.status, queued?.reason], ["False", "Queued"]);
    assert.match(queued?.message ?? "", /waiting for v2/);
    assert.equal(h.status("v3").trafficWeight, 0);
    assert.equal(h.weight("v3"), undefined);
    for (let i = 0; i < 3; i++) h.advance(MINUTE);
    assert.equal(h.phase("v2"), "Promoted");
    assert.equal(h.phase("v3"), "Progressing", "starts in the same step as the promotion");
    assert.match(h.condition("v3", "Progressing")?.message ?? "", /against v2/);
    assert.deepEqual([h.weight("v2"), h.weight("v3")], [80, 20]);
    assert.deepEqual(h.statsCalls, ["categorizer-v2", "categorizer-v2", "categorizer-v2"]);
    assert.equal(h.reasons().filter((r) => r === "v3:Queued").length, 1, "queued once, not on every step");
  });

  test("after a rollback the next queued candidate starts against the same champion", () => {
    const h = new ModelHarness([version("v1", 0), version("v2", 1), version("v3", 2)]);
    h.statsFor = (name) => (name === "categorizer-v2" ? stats({ p99: 5000 }) : stats());
    h.step();
    h.advance(MINUTE);
    h.advance(MINUTE);
    assert.equal(h.phase("v2"), "RolledBack");
    assert.equal(h.phase("v3"), "Progressing");
    assert.deepEqual([h.weight("v1"), h.weight("v3")], [80, 20]);
  });
});

describe("stepRollout: availability", () => {
  test("a candidate without an available replica holds the queue Pending, then starts once available", () => {
    const h = new ModelHarness([version("v1", 0), { ...version("v2", 1), available: false }, version("v3", 2)]);
    h.step();
    assert.equal(h.phase("v1"), "Serving");
    assert.equal(h.phase("v2"), "Pending");
    assert.deepEqual(
      [h.condition("v2", "Ready")?.status, h.condition("v2", "Ready")?.reason],
      ["False", "WaitingForAvailability"],
    );
    assert.equal(h.phase("v3"), "Queued");
    assert.match(h.condition("v3", "Progressing")?.message ?? "", /waiting for v2/);
    assert.deepEqual(
      h.weights.map((w) => [w.version, w.weight]),
      [["v1", 100]],
    );
    assert.equal(h.requeueAfterMs, undefined);
    h.advance(MINUTE);
    assert.equal(h.reasons().filter((r) => r === "v2:WaitingForAvailability").length, 1);
    h.versions = h.versions.map((v) => ({ ...v, available: true }));
    h.advance(1000);
    assert.equal(h.phase("v2"), "Progressing");
    assert.deepEqual([h.weight("v1"), h.weight("v2")], [80, 20]);
  });
});

describe("stepRollout: spec changes", () => {
  test("a spec change mid-analysis restarts it at stepWeight with a clean slate", () => {
    const h = new ModelHarness([version("v1", 0), version("v2", 1)]);
    const answers = [stats(), stats({ errors: 100 })];
    h.statsFor = () => answers.shift() ?? stats();
    h.step();
    const startTime = h.status("v2").analysis?.startTime;
    assert.ok(startTime);
    h.advance(MINUTE);
    h.advance(MINUTE);
    assert.deepEqual([h.weight("v2"), h.status("v2").analysis?.failedChecks], [40, 1]);
    assert.equal(h.status("v2").analysis?.startTime, startTime, "checks keep the analysis start");
    assert.notEqual(h.status("v2").analysis?.lastCheckTime, startTime);
    h.edit("v2", { maxWeight: 80 });
    h.advance(10_000);
    assert.equal(h.phase("v2"), "Progressing");
    assert.deepEqual([h.weight("v1"), h.weight("v2")], [80, 20]);
    assert.deepEqual(h.status("v2").analysis, {
      failedChecks: 0,
      startTime: "2025-01-01T01:02:10.000Z",
      lastCheckTime: "2025-01-01T01:02:10.000Z",
    });
    assert.equal(h.condition("v2", "Progressing")?.reason, "AnalysisRestarted");
    assert.equal(h.status("v2").observedGeneration, 2);
    assert.ok(h.status("v2").conditions?.every((c) => c.observedGeneration === 2));
    assert.equal(h.requeueAfterMs, MINUTE, "the first check of the new analysis is one interval away");
    assert.equal(h.reasons().at(-1), "v2:AnalysisRestarted");
  });

  test("editing a rolled-back version gives it another rollout", () => {
    const h = new ModelHarness([version("v1", 0), version("v2", 1, { threshold: 1 })]);
    h.statsFor = () => stats({ errors: 100 });
    h.step();
    h.advance(MINUTE);
    assert.equal(h.phase("v2"), "RolledBack");
    h.statsFor = () => stats();
    h.edit("v2", { threshold: 3 });
    h.advance(1000);
    assert.equal(h.phase("v2"), "Progressing");
    assert.deepEqual([h.weight("v1"), h.weight("v2")], [80, 20]);
  });

  test("an invalid rollout fails the version instead of wedging the queue", () => {
    const h = new ModelHarness([
      version("v1", 0),
      version("v2", 1, { stepWeight: 70, maxWeight: 50 }),
      version("v3", 2),
    ]);
    h.step();
    assert.equal(h.phase("v2"), "Failed");
    assert.match(h.condition("v2", "Ready")?.message ?? "", /stepWeight 70 exceeds maxWeight 50/);
    assert.equal(h.phase("v3"), "Progressing");
  });
});

describe("stepRollout: versions going away", () => {
  test("deleting the champion mid-rollout makes the candidate the champion at 100%", () => {
    const h = new ModelHarness([version("v1", 0), version("v2", 1)]);
    h.step();
    h.remove("v1");
    h.step();
    assert.equal(h.phase("v2"), "Serving");
    assert.equal(h.condition("v2", "Promoted")?.reason, "ChampionRemoved");
    assert.deepEqual(h.weights, [{ version: "v2", weight: 100, service: "categorizer-v2", champion: true }]);
    assert.equal(h.status("v2").analysis, undefined);
  });

  test("a waiting version left alone by a deleted champion serves once its pods are available", () => {
    const h = new ModelHarness([version("v1", 0), { ...version("v2", 1), available: false }]);
    h.step();
    assert.equal(h.phase("v2"), "Pending");
    h.remove("v1");
    h.step();
    assert.equal(h.phase("v2"), "Pending");
    assert.deepEqual(h.weights, []);
    h.versions = h.versions.map((v) => ({ ...v, available: true }));
    h.step();
    assert.equal(h.phase("v2"), "Serving");
    assert.deepEqual(h.weights, [{ version: "v2", weight: 100, service: "categorizer-v2", champion: true }]);
  });

  test("deleting the candidate gives the champion 100% again", () => {
    const h = new ModelHarness([version("v1", 0), version("v2", 1)]);
    h.step();
    h.remove("v2");
    h.step();
    assert.deepEqual(h.weights, [{ version: "v1", weight: 100, service: "categorizer-v1", champion: true }]);
    assert.equal(h.status("v1").trafficWeight, 100);
  });

  test("two champions (a crash between the writes of a promotion) resolve to the latest promoted", () => {
    const h = new ModelHarness([version("v1", 0), version("v2", 1, { maxWeight: 20 })]);
    h.step();
    const before = structuredClone(h.status("v1"));
    h.advance(MINUTE);
    assert.equal(h.phase("v2"), "Promoted");
    // Replay the crash: v1's write was lost, so it still says Serving (promoted earlier).
    h.versions = h.versions.map((v) => (v.spec.version === "v1" ? { ...v, status: before } : v));
    h.step();
    assert.equal(h.phase("v1"), "Superseded");
    assert.deepEqual(
      h.weights.map((w) => [w.version, w.weight]),
      [["v2", 100]],
    );
  });

  test("only superseded and rolled-back versions left: nothing serves, weights are empty", () => {
    const h = new ModelHarness([version("v1", 0), version("v2", 1, { maxWeight: 20 })]);
    h.step();
    h.advance(MINUTE);
    h.remove("v2");
    h.step();
    assert.equal(h.phase("v1"), "Superseded");
    assert.deepEqual(h.weights, []);
  });
});

test("weights always sum to 100 (or 0 with nothing serving) through a long random history", () => {
  let seed = 42;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const h = new ModelHarness([]);
  h.statsFor = () => (random() < 0.7 ? stats() : stats({ errors: 400 }));
  let created = 0;
  for (let i = 0; i < 500; i++) {
    const r = random();
    if (r < 0.1) h.add(version(`v${++created}`, created));
    else if (r < 0.13 && h.versions.length > 0)
      h.remove(h.versions[Math.floor(random() * h.versions.length)]!.spec.version);
    else if (r < 0.16 && h.versions.length > 0)
      h.edit(h.versions[Math.floor(random() * h.versions.length)]!.spec.version, {});
    h.advance(Math.floor(random() * 2 * MINUTE));
    const total = sum(h);
    assert.ok(total === 100 || (total === 0 && h.weights.length === 0), `step ${i}: weights sum ${total}`);
    const byPhase = (p: string) => h.versions.filter((v) => v.status?.phase === p).length;
    assert.ok(byPhase("Serving") + byPhase("Promoted") <= 1, `step ${i}: one champion`);
    assert.ok(byPhase("Progressing") <= 1, `step ${i}: one candidate`);
    for (const v of h.versions) assert.equal(v.status?.trafficWeight ?? 0, h.weight(v.spec.version) ?? 0);
  }
  assert.ok(h.events.some((e) => e.reason === "Promoted") && h.events.some((e) => e.reason === "RolledBack"));
});
