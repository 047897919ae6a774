import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { modelArtifacts, modelVersions } from "@fincoach/db";
import { registerModelVersion, storeModelArtifact } from "@fincoach/domain";
import { eq } from "drizzle-orm";
import {
  type Harness,
  item,
  registerFile,
  registerPg,
  startMlHarness,
  type TinyArtifact,
  tinyArtifact,
} from "../test-support/ml-harness.ts";

describe("the model registry", () => {
  let h: Harness;
  let v1: TinyArtifact;
  let v2: TinyArtifact;
  let user: string;

  before(async () => {
    [v1, v2] = await Promise.all([tinyArtifact(0), tinyArtifact(1)]);
    h = await startMlHarness();
    user = await h.newUser();
  });
  after(() => h.close());

  const score = () => h.call("POST", "/v1/score", { userId: user, items: [item("shell kings 587", "-72.61")] });
  const models = async () => (await h.call("GET", "/v1/models")).json.models as Record<string, unknown>[];

  test("a version in the built-in PostgreSQL store is loaded, digest checked, and answers", async () => {
    await registerPg(h.database.db, "categorizer", "v1", v1);
    await h.ml.sync();
    const res = await score();
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.scores[0].version, "v1");
    assert.equal(res.json.scores[0].scope, "shared");
    assert.ok(res.json.scores[0].labels.length >= 1);
    const listed = (await models()).find((m) => m.version === "v1");
    assert.equal(listed?.serving, true);
    assert.equal(listed?.refusal, null);
    assert.equal(listed?.labels, v1.labels.length);
  });

  test("a newer version whose stored bytes were corrupted is refused, and v1 keeps serving", async () => {
    await registerPg(h.database.db, "categorizer", "v2", v2);
    // Flip bytes in the store under the registered digest: what a bad disk or a bad copy does.
    const corrupt = Buffer.from(v2.bytes);
    corrupt[100] = corrupt[100]! ^ 0xff;
    await h.database.db.update(modelArtifacts).set({ bytes: corrupt }).where(eq(modelArtifacts.sha256, v2.sha256));
    await h.ml.sync();
    const res = await score();
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.scores[0].version, "v1", "the newest version would be champion had it loaded");
    const listed = (await models()).find((m) => m.version === "v2");
    assert.equal(listed?.serving, false);
    assert.match(String(listed?.refusal), /sha256 [0-9a-f]{64} does not match the registered/);
    const ready = await h.call("GET", "/readyz");
    assert.equal(ready.status, 200, "v1 still serves, so the process stays ready");
    const v2State = ready.json.models.find((m: { version: string }) => m.version === "v2");
    assert.match(v2State.refusal, /does not match/);
    assert.ok(h.logs.some((l) => l.msg === "model artifact refused" && l.version === "v2"));
  });

  test("bytes whose digest matches but that are not a model are refused as unloadable", async () => {
    const junk = new TextEncoder().encode("not an onnx model at all");
    const stored = await storeModelArtifact({ ctx: { db: h.database.db }, bytes: junk });
    await registerModelVersion({
      ctx: { db: h.database.db },
      input: {
        model: "categorizer",
        version: "v3",
        artifactUri: stored.uri,
        artifactSha256: stored.sha256,
        labels: ["a"],
      },
    });
    await h.ml.sync();
    const listed = (await models()).find((m) => m.version === "v3");
    assert.equal(listed?.serving, false);
    assert.match(String(listed?.refusal), /cannot be loaded/);
    assert.equal((await score()).json.scores[0].version, "v1");
  });

  test("a file:// artifact replaced on the volume after registration is refused (sha mismatch)", async () => {
    const path = await registerFile(h.database.db, h.dir, "categorizer", "v4", v1);
    const { writeFile } = await import("node:fs/promises");
    await writeFile(path, v2.bytes);
    await h.ml.sync();
    const listed = (await models()).find((m) => m.version === "v4");
    assert.equal(listed?.serving, false);
    assert.match(String(listed?.refusal), new RegExp(`sha256 ${v2.sha256} does not match the registered ${v1.sha256}`));
  });

  test("a file:// artifact with the right digest serves", async () => {
    await registerFile(h.database.db, h.dir, "categorizer", "v5", v2);
    await h.ml.sync();
    assert.equal((await models()).find((m) => m.version === "v5")?.serving, true);
    assert.equal((await score()).json.scores[0].version, "v5", "the newest loaded version is the champion");
  });

  test("an http:// artifact is fetched; an HTTP error is a refusal naming the status", async () => {
    const server = createServer((req, res) => {
      if (req.url === "/v2.onnx") res.writeHead(200).end(Buffer.from(v2.bytes));
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      for (const [version, path] of [
        ["v6", "/v2.onnx"],
        ["v7", "/missing.onnx"],
      ] as const)
        await registerModelVersion({
          ctx: { db: h.database.db },
          input: {
            model: "categorizer",
            version,
            artifactUri: `${base}${path}`,
            artifactSha256: v2.sha256,
            labels: v2.labels,
          },
        });
      await h.ml.sync();
      const listed = await models();
      assert.equal(listed.find((m) => m.version === "v6")?.serving, true);
      assert.match(String(listed.find((m) => m.version === "v7")?.refusal), /HTTP 404/);
    } finally {
      server.close();
    }
  });
});

describe("in-cluster mode (the operator's MODEL_* env)", () => {
  test("serves the pinned version, registers it when absent, and is not ready when it is refused", async () => {
    const v1 = await tinyArtifact(0);
    const good = await startMlHarness({ start: false });
    const bad = await startMlHarness({ start: false, database: good.database });
    try {
      const path = await (async () => {
        const { writeFile } = await import("node:fs/promises");
        const p = `${good.dir}/pinned.onnx`;
        await writeFile(p, v1.bytes);
        return p;
      })();
      const pinned = (h: Harness, sha: string) =>
        startMlHarness({
          database: h.database,
          env: {
            MODEL_NAME: "categorizer",
            MODEL_VERSION: "v9",
            MODEL_ARTIFACT_URI: `file://${path}`,
            MODEL_ARTIFACT_SHA256: sha,
            MODEL_LABELS: JSON.stringify(v1.labels),
          },
        });
      const served = await pinned(good, v1.sha256);
      try {
        const user = await served.newUser();
        const res = await served.call("POST", "/v1/score", { userId: user, items: [item("tesco stores 2335")] });
        assert.equal(res.status, 200, res.text);
        assert.equal(res.json.scores[0].version, "v9");
        const [row] = await served.database.db.select().from(modelVersions).where(eq(modelVersions.version, "v9"));
        assert.equal(row?.artifactSha256, v1.sha256);
        assert.deepEqual(row?.labels, v1.labels);
        assert.equal((await served.call("GET", "/readyz")).status, 200);
      } finally {
        await served.close();
      }
      const refused = await pinned(bad, "0".repeat(64));
      try {
        const ready = await refused.call("GET", "/readyz");
        assert.equal(ready.status, 503);
        assert.equal(ready.headers.get("content-type"), "application/problem+json");
        assert.match(ready.json.detail, /no model version serves/);
        assert.match(ready.json.models[0].refusal, /does not match the registered 0000/);
      } finally {
        await refused.close();
      }
    } finally {
      await bad.close();
      await good.close();
    }
  });
});
