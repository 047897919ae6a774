import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { listModelVersions } from "@fincoach/domain";
import { createLogger } from "@fincoach/logging";
import { createTestDatabase } from "@fincoach/testing";
import { DEFAULT_MODEL_DATA, ensureDefaultModel } from "./ensure-default-model.ts";

test("the default model is trained into the built-in store once, and never again", { timeout: 120_000 }, async () => {
  const database = await createTestDatabase();
  const dir = await mkdtemp(join(tmpdir(), "fincoach-default-"));
  try {
    const lines = (await readFile(DEFAULT_MODEL_DATA, "utf8")).split("\n");
    const data = join(dir, "small.csv");
    await writeFile(data, `${lines.slice(0, 301).join("\n")}\n`);
    const logger = createLogger({ service: "ml", level: "silent" });
    const args = { db: database.db, model: "categorizer", store: { kind: "pg" as const }, logger, data };
    const first = await ensureDefaultModel(args);
    assert.equal(first?.row.version, "v1");
    assert.equal(first?.row.userId, null);
    assert.match(first!.artifact.uri, /^pg:\/\/model-artifacts\/[0-9a-f]{64}$/);
    assert.equal(await ensureDefaultModel(args), null);
    const versions = await listModelVersions({ ctx: { db: database.db }, filter: { model: "categorizer" } });
    assert.equal(versions.length, 1);
  } finally {
    await rm(dir, { recursive: true, force: true });
    await database.drop();
  }
});
