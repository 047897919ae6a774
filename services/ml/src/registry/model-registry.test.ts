import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { pathToFileURL } from "node:url";
import { createLogger } from "@fincoach/logging";
import { createTestDatabase } from "@fincoach/testing";
import { tinyArtifact } from "../test-support/ml-harness.ts";
import { ModelRegistry } from "./model-registry.ts";
import type { VersionRef } from "./version-ref.ts";

test("a version's new artifact that is refused leaves its previous artifact serving", { timeout: 60_000 }, async () => {
  const database = await createTestDatabase();
  const dir = await mkdtemp(join(tmpdir(), "fincoach-registry-"));
  let now = 0;
  const registry = new ModelRegistry({
    db: database.db,
    logger: createLogger({ service: "ml", level: "silent" }),
    fetchTimeoutMs: 5000,
    retryRefusedMs: 60_000,
    now: () => now,
  });
  try {
    const [a, b] = await Promise.all([tinyArtifact(0), tinyArtifact(1)]);
    const path = join(dir, "model.onnx");
    await writeFile(path, a.bytes);
    const ref = (sha256: string): VersionRef => ({
      model: "categorizer",
      version: "v1",
      userId: null,
      artifactUri: pathToFileURL(path).href,
      artifactSha256: sha256,
      format: "onnx",
      labels: [],
      training: {},
      createdAt: new Date(),
    });
    const first = await registry.ensure(ref(a.sha256));
    assert.equal(first?.ref.artifactSha256, a.sha256);
    // The volume now holds b, but the version is re-pointed at a digest nothing has.
    await writeFile(path, b.bytes);
    const second = await registry.ensure(ref("f".repeat(64)));
    assert.equal(second, first, "the earlier artifact keeps serving under the version");
    assert.equal(registry.get("categorizer", "v1")?.ref.artifactSha256, a.sha256);
    const [state] = registry.states();
    assert.equal(state?.serving, true);
    assert.match(state?.refusal ?? "", new RegExp(`sha256 ${b.sha256} does not match the registered f{64}`));
    // Refused digests are not fetched again before the retry time, even once the file is right.
    await writeFile(path, a.bytes);
    const fixed = { ...ref("f".repeat(64)) };
    assert.equal(await registry.ensure(fixed), first);
    assert.match(registry.states()[0]?.refusal ?? "", /does not match/);
    now += 60_001;
    await registry.ensure(fixed);
    assert.match(registry.states()[0]?.refusal ?? "", new RegExp(`sha256 ${a.sha256} does not match`), "retried");
    await writeFile(path, b.bytes);
    // Concurrent requests for one load share it.
    const [x, y] = await Promise.all([registry.ensure(ref(b.sha256)), registry.ensure(ref(b.sha256))]);
    assert.equal(x, y);
    assert.equal(x?.ref.artifactSha256, b.sha256);
    assert.equal(registry.states()[0]?.refusal, null, "a good load clears the refusal");
  } finally {
    await registry.close();
    await rm(dir, { recursive: true, force: true });
    await database.drop();
  }
});
