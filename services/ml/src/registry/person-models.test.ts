import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, test } from "node:test";
import {
  type Harness,
  registerFile,
  startMlHarness,
  type TinyArtifact,
  tinyArtifact,
} from "../test-support/ml-harness.ts";
import { ModelRegistry } from "./model-registry.ts";
import { PersonModels } from "./person-models.ts";

let h: Harness;
let artifact: TinyArtifact;
before(async () => {
  artifact = await tinyArtifact(0);
  h = await startMlHarness({ start: false });
});
after(() => h.close());

const loadedModels = (registry: ModelRegistry) =>
  registry
    .serving()
    .map((l) => l.ref.model)
    .sort();

test("people's models are loaded on use, newest first, and the least recently served are evicted", async () => {
  const registry = new ModelRegistry({ db: h.database.db, logger: h.ml.logger, fetchTimeoutMs: 5000 });
  let now = 0;
  const people = new PersonModels({
    db: h.database.db,
    registry,
    cacheMs: 1000,
    cacheSize: 2,
    answersSize: 3,
    now: () => now,
  });
  try {
    const [a, b, c] = [await h.newUser(), await h.newUser(), await h.newUser()];
    for (const user of [a, b, c]) await registerFile(h.database.db, h.dir, `person-${user}`, "v1", artifact, user);
    assert.equal((await people.newestFor(a))?.ref.model, `person-${a}`);
    assert.equal((await people.newestFor(b))?.ref.model, `person-${b}`);
    assert.equal((await people.newestFor(c))?.ref.model, `person-${c}`);
    assert.deepEqual(loadedModels(registry), [`person-${b}`, `person-${c}`].sort(), "a, least recent, was evicted");

    // People without a model of their own do not push models out...
    assert.equal(await people.newestFor(randomUUID()), null);
    assert.deepEqual(loadedModels(registry), [`person-${b}`, `person-${c}`].sort());
    // ...until the remembered answers overflow, which forgets the oldest answer (b's) too.
    assert.equal(await people.newestFor(randomUUID()), null);
    assert.deepEqual(loadedModels(registry), [`person-${c}`]);

    // A newer own version is picked up once the answer is older than cacheMs.
    await registerFile(h.database.db, h.dir, `person-${c}`, "v2", await tinyArtifact(1), c);
    assert.equal((await people.newestFor(c))?.ref.version, "v1");
    now += 1001;
    assert.equal((await people.newestFor(c))?.ref.version, "v2");
    assert.deepEqual(
      registry.serving().map((l) => `${l.ref.model}/${l.ref.version}`),
      [`person-${c}/v2`],
      "the superseded version was unloaded",
    );
  } finally {
    await registry.close();
  }
});
