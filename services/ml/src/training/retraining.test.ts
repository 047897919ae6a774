import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { accounts, categories, transactions } from "@fincoach/db";
import { listModelVersions } from "@fincoach/domain";
import { createTestRedis, eventually, type TestRedis } from "@fincoach/testing";
import {
  birminghamSlice,
  type Harness,
  item,
  registerPg,
  startMlHarness,
  tinyArtifact,
} from "../test-support/ml-harness.ts";
import { personModelName } from "./retrain-person.ts";
import { createRetrainingTrigger } from "./retraining-trigger.ts";
import { trainInThread } from "./train-in-thread.ts";
import { createTrainingQueue, type TrainingQueue } from "./training-queue.ts";
import { startTrainingWorker } from "./training-worker.ts";

describe("per-person retraining through the ml-training queue", () => {
  let h: Harness;
  let redis: TestRedis;
  let queue: TrainingQueue;
  let worker: ReturnType<typeof startTrainingWorker>;
  const CORRECTIONS = 3;

  before(async () => {
    redis = await createTestRedis();
    let trigger: ReturnType<typeof createRetrainingTrigger> | undefined;
    h = await startMlHarness({ start: false, onCorrection: (userId) => trigger!.afterCorrection(userId) });
    queue = createTrainingQueue(redis.redis, redis.prefix);
    trigger = createRetrainingTrigger({ db: h.database.db, queue, minCorrections: CORRECTIONS, logger: h.ml.logger });
    worker = startTrainingWorker({
      db: h.database.db,
      redis: redis.redis,
      redisPrefix: redis.prefix,
      logger: h.ml.logger,
      store: { kind: "pg" },
      minRows: 200,
      minCategories: 2,
      train: trainInThread,
      onTrained: (userId) => h.ml.personModels.forget(userId),
    });
    await registerPg(h.database.db, "categorizer", "v1", await tinyArtifact(0));
    await h.ml.start();
  });
  after(async () => {
    await worker.close();
    await queue.close();
    await h.close();
    await redis.cleanup();
  });

  /** A person whose `rows` Birmingham transactions they categorized by hand, one category per label. */
  const personWithHistory = async (rows: number) => {
    const userId = await h.newUser();
    const db = h.database.db;
    const [account] = await db
      .insert(accounts)
      .values({ userId, name: "Card", type: "credit_card", currency: "GBP" })
      .returning();
    const history = await birminghamSlice(2000, 2000 + rows);
    const names = [...new Set(history.map((r) => r.category))];
    const made = await db
      .insert(categories)
      .values(names.map((name) => ({ userId, name, kind: "expense" as const })))
      .returning();
    const idOf = new Map(made.map((c) => [c.name, c.id]));
    await db.insert(transactions).values(
      history.map((r, i) => ({
        userId,
        accountId: account!.id,
        date: "2017-03-01",
        // The file's purchases are positive; FinCoach's money out is negative.
        amountMinor: -BigInt(Math.round(r.amount * 100)),
        currency: "GBP",
        description: r.description,
        externalId: `row-${i}`,
        categoryId: idOf.get(r.category)!,
        categorySource: "manual" as const,
      })),
    );
    return { userId, categoryIds: new Set(idOf.values()) };
  };

  const correct = async (userId: string, times: number) => {
    for (let i = 0; i < times; i++) {
      const res = await h.call("POST", "/v1/feedback", {
        userId,
        source: "model",
        model: "categorizer",
        modelVersion: "v1",
        outcome: "corrected",
      });
      assert.equal(res.status, 202, res.text);
    }
  };

  test("enough corrections queue a retraining; the person is then served by their own model", {
    timeout: 120_000,
  }, async () => {
    const { userId, categoryIds } = await personWithHistory(260);
    await correct(userId, CORRECTIONS - 1);
    assert.equal(await queue.waiting(), 0, "below the threshold nothing is queued");
    await correct(userId, 1);
    const [version] = await eventually(async () => {
      const rows = await listModelVersions({ ctx: { db: h.database.db }, filter: { userId } });
      assert.equal(rows.length, 1);
      return rows;
    }, 60_000);
    assert.equal(version!.model, personModelName(userId));
    assert.equal(version!.version, "v1");
    assert.equal((version!.training as { rows: number }).rows, 260);
    const res = await h.call("POST", "/v1/score", { userId, items: [item("shell kings 587", "-72.61")] });
    assert.equal(res.status, 200, res.text);
    const [score] = res.json.scores;
    assert.equal(score.scope, "person");
    assert.equal(score.model, personModelName(userId));
    assert.ok(categoryIds.has(score.labels[0].label), "a person's model answers with their category ids");
  });

  test("a person with too little history is not given a model", { timeout: 120_000 }, async () => {
    const { userId } = await personWithHistory(50);
    await correct(userId, CORRECTIONS);
    await eventually(
      () => assert.ok(h.logs.some((l) => l.msg === "person model not trained" && l.userId === userId)),
      60_000,
    );
    assert.deepEqual(await listModelVersions({ ctx: { db: h.database.db }, filter: { userId } }), []);
    const res = await h.call("POST", "/v1/score", { userId, items: [item("shell kings 587")] });
    assert.equal(res.json.scores[0].model, "categorizer", "the shared model keeps serving them");
  });
});
