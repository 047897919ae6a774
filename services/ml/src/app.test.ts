import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { loadModelArtifact } from "@fincoach/categorizer";
import { CategorizeResponse, parseVersionStats, ScoreResponse, type ScoreResult } from "@fincoach/contracts";
import { categoryFeedback } from "@fincoach/db";
import { type Harness, item, registerPg, startMlHarness, tinyArtifact } from "./test-support/ml-harness.ts";

const transaction = (description: string, amount = "-25.00") => ({
  description,
  amount,
  currency: "GBP",
  date: "2017-01-03",
});

describe("the ML service's HTTP API", () => {
  let h: Harness;
  let user: string;
  // The real model, with a switch that makes its scoring fail: a model error as the service sees one.
  const failing = { on: false };

  before(async () => {
    h = await startMlHarness({
      start: false,
      load: async (bytes) => {
        const model = await loadModelArtifact(bytes);
        return {
          ...model,
          score: (inputs, top, options) =>
            failing.on ? Promise.reject(new Error("session failed")) : model.score(inputs, top, options),
        };
      },
    });
    await registerPg(h.database.db, "categorizer", "v1", await tinyArtifact(0));
    await h.ml.start();
    user = await h.newUser();
  });
  after(() => h.close());

  test("stats count predictions, errors and feedback in the window, exactly per the contract", async () => {
    for (let i = 0; i < 3; i++) {
      const res = await h.call("POST", "/v1/score", {
        userId: user,
        items: [item("shell kings 587", "-72.61"), item("tesco stores 2335")],
      });
      assert.equal(res.status, 200, res.text);
    }
    failing.on = true;
    const failed = await h.call("POST", "/v1/score", { userId: user, items: [item("tesco stores 2335")] });
    failing.on = false;
    assert.equal(failed.status, 500);
    assert.equal(failed.headers.get("content-type"), "application/problem+json");
    for (const outcome of ["accepted", "accepted", "corrected"] as const) {
      const res = await h.call("POST", "/v1/feedback", {
        userId: user,
        source: "model",
        model: "categorizer",
        modelVersion: "v1",
        outcome,
      });
      assert.equal(res.status, 202, res.text);
    }
    // Feedback from before the window is not counted.
    await h.database.db.insert(categoryFeedback).values({
      userId: user,
      source: "model",
      model: "categorizer",
      modelVersion: "v1",
      outcome: "corrected",
      createdAt: new Date(Date.now() - 3_600_000),
    });
    const res = await h.call("GET", "/v1/models/categorizer/versions/v1/stats?window=5m");
    assert.equal(res.status, 200, res.text);
    const stats = parseVersionStats(res.json);
    assert.equal(stats.predictions, 7);
    assert.equal(stats.errors, 1);
    assert.equal(stats.errorRate, 1 / 7);
    assert.ok(stats.latencyP99Ms !== null && stats.latencyP99Ms > 0);
    assert.deepEqual(stats.feedback, { total: 3, accepted: 2 });
    assert.equal(stats.feedbackAcceptanceRate, 2 / 3);
    assert.equal(stats.window, "5m");
    assert.equal(stats.windowSeconds, 300);

    const metrics = await h.call("GET", "/metrics");
    assert.match(metrics.text, /fincoach_ml_predictions_total\{model="categorizer",version="v1",service="ml"\} 7/);
    assert.match(
      metrics.text,
      /fincoach_ml_prediction_errors_total\{model="categorizer",version="v1",service="ml"\} 1/,
    );
    assert.match(
      metrics.text,
      /fincoach_ml_feedback_total\{model="categorizer",version="v1",outcome="accepted",service="ml"\} 2/,
    );
    assert.match(
      metrics.text,
      /fincoach_ml_prediction_duration_seconds_count\{service="ml",model="categorizer",version="v1"\} 4/,
    );
  });

  test("a version with no predictions reports null rates, not zero", async () => {
    await registerPg(h.database.db, "categorizer", "v2", await tinyArtifact(1));
    const res = await h.call("GET", "/v1/models/categorizer/versions/v2/stats?window=30s");
    assert.equal(res.status, 200, res.text);
    const stats = parseVersionStats(res.json);
    assert.equal(stats.predictions, 0);
    assert.equal(stats.errorRate, null);
    assert.equal(stats.latencyP99Ms, null);
    assert.equal(stats.feedbackAcceptanceRate, null);
  });

  test("stats of an unknown version are 404; a bad or too long window is 400", async () => {
    assert.equal((await h.call("GET", "/v1/models/categorizer/versions/v99/stats?window=5m")).status, 404);
    const bad = await h.call("GET", "/v1/models/categorizer/versions/v1/stats?window=5 minutes");
    assert.equal(bad.status, 400);
    assert.equal(bad.json.errors[0].path, "query.window");
    const long = await h.call("GET", "/v1/models/categorizer/versions/v1/stats?window=2h");
    assert.equal(long.status, 400);
    assert.match(long.json.detail, /longer than the 3600 s/);
  });

  test("POST /v1/categorize runs the pipeline with the model served here", async () => {
    const res = await h.call("POST", "/v1/categorize", {
      userId: user,
      transactions: [transaction("shell kings 587", "-72.61"), { ...transaction("tesco stores 2335"), id: "row-2" }],
    });
    assert.equal(res.status, 200, res.text);
    const body = CategorizeResponse.parse(res.json);
    assert.equal(body.results.length, 2);
    assert.equal(body.results[1]!.id, "row-2");
    for (const r of body.results) {
      assert.equal(r.model, "categorizer");
      assert.equal(r.modelVersion, "v1");
    }
  });

  test("POST /v1/categorize refuses 1,001 transactions with problem+json naming the field", async () => {
    const transactions = Array.from({ length: 1001 }, (_, i) => transaction(`row ${i}`));
    const res = await h.call("POST", "/v1/categorize", { userId: user, transactions });
    assert.equal(res.status, 400);
    assert.equal(res.headers.get("content-type"), "application/problem+json");
    assert.equal(res.json.code, "VALIDATION");
    assert.deepEqual(
      res.json.errors.map((e: { path: string }) => e.path),
      ["transactions"],
    );
  });

  test("bad bodies are 400 naming each field", async () => {
    const score = await h.call("POST", "/v1/score", { userId: "nope", items: [] });
    assert.equal(score.status, 400);
    assert.deepEqual(score.json.errors.map((e: { path: string }) => e.path).sort(), ["items", "userId"]);
    const feedback = await h.call("POST", "/v1/feedback", { userId: user, source: "model", outcome: "liked" });
    assert.equal(feedback.status, 400);
    assert.equal(feedback.json.errors[0].path, "outcome");
    const nobody = await h.call("POST", "/v1/feedback", {
      userId: "00000000-0000-4000-8000-000000000000",
      source: "model",
      outcome: "accepted",
    });
    assert.equal(nobody.status, 404);
    assert.match(nobody.json.detail, /person 00000000-0000-4000-8000-000000000000 not found/);
    const amount = await h.call("POST", "/v1/categorize", {
      userId: user,
      transactions: [transaction("x", "12,50")],
    });
    assert.equal(amount.status, 400);
    assert.equal(amount.json.errors[0].path, "transactions.0.amount");
  });

  test("POST /v1/score with explain: false answers explanation [] with the same labels and confidences", async () => {
    const items = [
      item("shell kings 587", "-72.61"),
      item("tesco stores 2335"),
      item("sainsburys local 0412", "-8.40"),
      item("salary acme ltd", "2150.00"),
    ];
    const answers = [];
    for (const explain of [true, false, undefined]) {
      const res = await h.call(
        "POST",
        "/v1/score",
        explain === undefined ? { userId: user, items } : { userId: user, items, explain },
      );
      assert.equal(res.status, 200, res.text);
      answers.push(ScoreResponse.parse(res.json).scores);
    }
    const [explained, bare, byDefault] = answers as [ScoreResult[], ScoreResult[], ScoreResult[]];
    assert.equal(bare.length, items.length);
    assert.ok(
      explained.some((s) => s.explanation.length > 0),
      "the model explains some of these rows",
    );
    assert.deepEqual(byDefault, explained);
    assert.deepEqual(
      bare.map((s) => s.explanation),
      items.map(() => []),
    );
    assert.deepEqual(
      bare.map(({ explanation: _, ...rest }) => rest),
      explained.map(({ explanation: _, ...rest }) => rest),
    );
    const wrong = await h.call("POST", "/v1/score", { userId: user, items, explain: "no" });
    assert.equal(wrong.status, 400);
    assert.equal(wrong.json.errors[0].path, "explain");
  });

  test("GET /v1/models lists versions with their state, and /healthz and /readyz answer", async () => {
    const res = await h.call("GET", "/v1/models");
    assert.equal(res.status, 200);
    const v1 = res.json.models.find((m: { version: string }) => m.version === "v1");
    assert.equal(v1.serving, true);
    assert.equal(v1.userId, null);
    assert.match(v1.artifact.uri, /^pg:\/\/model-artifacts\/[0-9a-f]{64}$/);
    assert.equal(v1.training.rows, 300);
    assert.equal((await h.call("GET", "/healthz")).status, 200);
    const ready = await h.call("GET", "/readyz");
    assert.equal(ready.status, 200, ready.text);
    assert.equal(ready.json.checks.postgres, "ok");
  });
});
