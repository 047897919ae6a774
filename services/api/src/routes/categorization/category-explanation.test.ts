import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { encodeOnnx, loadModelArtifact, parseTransactionsCsv, trainModel } from "@fincoach/categorizer";
import { type ScoreModel, seedDefaultCategories } from "@fincoach/domain";
import { type Harness, startHarness } from "../../test-support/api-harness.ts";
import { newAccount } from "../imports/import-fixtures.ts";

const DATA = join(import.meta.dirname, "../../../../../testdata/transactions/birmingham-pcard-2016-12-to-2017-06.csv");

/**
 * A real model (trained on real Birmingham rows, exported to ONNX, scored by onnxruntime)
 * behind the API's model stage, as the ML service serves it: amounts negated into the card
 * statement's convention the model learned.
 */
const realModel = async (): Promise<ScoreModel> => {
  const rows = parseTransactionsCsv(await readFile(DATA, "utf8"), DATA, false).flatMap((r) =>
    r.category ? [{ ...r, category: r.category }] : [],
  );
  const artifact = await loadModelArtifact(encodeOnnx(trainModel(rows.slice(0, 3000))));
  return async (_userId, items, options) => {
    const scores = await artifact.score(
      items.map((i) => ({
        description: i.description,
        amount: -Number(i.amount),
        ...(i.merchant ? { merchant: i.merchant } : {}),
      })),
      4,
      options,
    );
    return scores.map((s) => ({ model: "categorizer", version: "v1", scope: "shared", ...s }));
  };
};

let h: Harness;
let noModel: Harness;
before(async () => {
  h = await startHarness({}, { scoreModel: await realModel() });
  noModel = await startHarness({});
});
after(async () => {
  await h.close();
  await noModel.close();
});

describe("GET /v1/transactions/:id/explanation", () => {
  test("names the n-grams and amount band that weighed most, and maps the pick to the person's category", async () => {
    const u = await h.newUser();
    await seedDefaultCategories(h.database.db, u.id);
    const account = await newAccount(h, u, "GBP");
    const created = await h.call("POST", "/v1/transactions", {
      token: u.token,
      body: { accountId: account.id, date: "2017-05-02", amount: "-72.61", description: "shell kings 587" },
    });
    assert.equal(created.status, 201, created.text);
    const res = await h.call("GET", `/v1/transactions/${created.json.id}/explanation`, { token: u.token });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.pick.label, "Vehicle Fuel");
    assert.equal(res.json.pick.categoryName, "Fuel");
    assert.equal(res.json.pick.categoryId, created.json.categoryId);
    assert.equal(res.json.source, "model");
    assert.equal(res.json.reasons.length, 3);
    const features = (res.json.reasons as { feature: string; weight: number }[]).map((r) => r.feature);
    assert.ok(
      features.some((f) => /shell|kings/.test(f)),
      `a reason names the text: ${features.join(", ")}`,
    );
    for (const r of res.json.reasons) assert.ok(r.weight > 0, "reasons are what pushed towards the pick");
    assert.ok(res.json.alternatives.length > 0);
    assert.ok(res.json.alternatives.every((a: { confidence: number }) => a.confidence <= res.json.pick.confidence));
  });

  test("another person's transaction is 404; without a model stage the answer is 412 problem+json", async () => {
    const owner = await h.newUser();
    const account = await newAccount(h, owner, "GBP");
    const created = await h.call("POST", "/v1/transactions", {
      token: owner.token,
      body: { accountId: account.id, date: "2017-05-02", amount: "-5.00", description: "tesco stores 2284" },
    });
    const stranger = await h.newUser();
    const res = await h.call("GET", `/v1/transactions/${created.json.id}/explanation`, { token: stranger.token });
    assert.equal(res.status, 404);

    const v = await noModel.newUser();
    const acc = await newAccount(noModel, v, "GBP");
    const t = await noModel.call("POST", "/v1/transactions", {
      token: v.token,
      body: { accountId: acc.id, date: "2017-05-02", amount: "-5.00", description: "tesco stores 2284" },
    });
    const none = await noModel.call("GET", `/v1/transactions/${t.json.id}/explanation`, { token: v.token });
    assert.equal(none.status, 412);
    assert.match(none.headers.get("content-type") ?? "", /problem\+json/);
  });
});
