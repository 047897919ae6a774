import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { mkdir, mkdtemp, rename, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { pickVersion, type TrafficWeights } from "@fincoach/contracts";
import { eventually } from "@fincoach/testing";
import {
  type Harness,
  item,
  registerFile,
  registerPg,
  startMlHarness,
  type TinyArtifact,
  tinyArtifact,
} from "../test-support/ml-harness.ts";

const weights = (versions: [string, number, boolean][]): TrafficWeights => ({
  models: {
    categorizer: {
      versions: versions.map(([version, weight, champion]) => ({
        version,
        weight,
        champion,
        service: `categorizer-${version}`,
      })),
    },
  },
  updatedAt: new Date().toISOString(),
});

/**
 * A ConfigMap volume as the kubelet lays it out: the data in a timestamped directory,
 * `..data` a symlink to it, `weights.json` a symlink through `..data`. An update writes a new
 * directory and swaps `..data` atomically; the file's own path never changes.
 */
const configMapVolume = async () => {
  const root = await mkdtemp(join(tmpdir(), "fincoach-weights-"));
  let n = 0;
  const publish = async (text: string) => {
    const dir = `..${Date.now()}_${n++}`;
    await mkdir(join(root, dir));
    await writeFile(join(root, dir, "weights.json"), text);
    await symlink(dir, join(root, "..data_tmp"));
    await rename(join(root, "..data_tmp"), join(root, "..data"));
  };
  return {
    root,
    path: join(root, "weights.json"),
    publish,
    init: async (text: string) => {
      await publish(text);
      await symlink(join("..data", "weights.json"), join(root, "weights.json"));
    },
    remove: () => rm(root, { recursive: true, force: true }),
  };
};

describe("routing by the traffic-weights file", () => {
  let h: Harness;
  let volume: Awaited<ReturnType<typeof configMapVolume>>;
  const users = Array.from({ length: 60 }, () => randomUUID());
  const scoreAs = async (userId: string) => {
    const res = await h.call("POST", "/v1/score", { userId, items: [item("tesco stores 2335")] });
    assert.equal(res.status, 200, res.text);
    return res.json.scores[0].version as string;
  };

  before(async () => {
    const [v1, v2] = await Promise.all([tinyArtifact(0), tinyArtifact(1)]);
    volume = await configMapVolume();
    await volume.init(
      JSON.stringify(
        weights([
          ["v1", 50, true],
          ["v2", 50, false],
        ]),
      ),
    );
    h = await startMlHarness({ env: { TRAFFIC_WEIGHTS_FILE: volume.path }, start: false });
    await registerPg(h.database.db, "categorizer", "v1", v1);
    await registerPg(h.database.db, "categorizer", "v2", v2);
    await h.ml.start();
  });
  after(async () => {
    await h.close();
    await volume.remove();
  });

  test("each person gets the version pickVersion buckets them into, every time", async () => {
    const doc = h.ml.weightsFile!.current()!;
    const seen = new Set<string>();
    for (const userId of users) {
      const expected = pickVersion(doc, "categorizer", userId)!.version;
      assert.equal(await scoreAs(userId), expected);
      assert.equal(await scoreAs(userId), expected, "sticky: the same person, the same version");
      seen.add(expected);
    }
    assert.deepEqual([...seen].sort(), ["v1", "v2"], "60 people over a 50/50 split reach both versions");
  });

  test("a new document published by a symlink swap is followed without a restart", async () => {
    await volume.publish(
      JSON.stringify(
        weights([
          ["v1", 0, false],
          ["v2", 100, true],
        ]),
      ),
    );
    await eventually(async () => {
      for (const userId of users) assert.equal(await scoreAs(userId), "v2");
    }, 15_000);
    assert.ok(h.logs.some((l) => l.msg === "traffic weights loaded"));
  });

  test("an invalid document is logged and the last good one keeps routing", async () => {
    await volume.publish(
      JSON.stringify(
        weights([
          ["v1", 30, true],
          ["v2", 30, false],
        ]),
      ),
    );
    await eventually(
      () => assert.ok(h.logs.some((l) => l.msg === "traffic weights refused; the last good document stays")),
      15_000,
    );
    for (const userId of users.slice(0, 10)) assert.equal(await scoreAs(userId), "v2");
    await volume.publish("{ not json");
    await eventually(
      () =>
        assert.ok(h.logs.filter((l) => l.msg === "traffic weights refused; the last good document stays").length >= 2),
      15_000,
    );
    assert.equal(h.ml.weightsFile!.current()!.models.categorizer!.versions.find((v) => v.champion)?.version, "v2");
  });

  test("a bucket whose version is not loaded here is served by the champion loaded here", async () => {
    await volume.publish(
      JSON.stringify(
        weights([
          ["v1", 0, true],
          ["v8", 100, false],
        ]),
      ),
    );
    await eventually(async () => {
      for (const userId of users.slice(0, 10)) assert.equal(await scoreAs(userId), "v1");
    }, 15_000);
  });
});

describe("shadow versions and people's own models", () => {
  let h: Harness;
  let v1: TinyArtifact;
  let v2: TinyArtifact;

  before(async () => {
    [v1, v2] = await Promise.all([tinyArtifact(0), tinyArtifact(1)]);
    h = await startMlHarness({ env: { SHADOW_VERSIONS: "categorizer/v2" }, start: false });
    await registerPg(h.database.db, "categorizer", "v1", v1);
    // v2 is newer: without the shadow setting it would be the champion.
    await registerPg(h.database.db, "categorizer", "v2", v2);
    await h.ml.start();
  });
  after(() => h.close());

  test("a shadow version scores every request and is logged beside the served answer, never returned", async () => {
    const user = randomUUID();
    const items = [item("shell kings 587", "-72.61"), item("tesco stores 2335", "-12.00")];
    for (let i = 0; i < 3; i++) {
      const res = await h.call("POST", "/v1/score", { userId: user, items });
      assert.equal(res.status, 200, res.text);
      for (const s of res.json.scores) assert.equal(s.version, "v1");
    }
    await h.ml.shadowIdle();
    const lines = h.logs.filter((l) => l.msg === "shadow scored");
    assert.equal(lines.length, 3);
    const line = lines[0] as { servedVersion: string; shadowVersion: string; rows: number; pairs: unknown[] };
    assert.equal(line.servedVersion, "v1");
    assert.equal(line.shadowVersion, "v2");
    assert.equal(line.rows, 2);
    assert.equal(line.pairs.length, 2);
    const stats = await h.call("GET", "/v1/models/categorizer/versions/v2/stats?window=5m");
    assert.equal(stats.json.predictions, 6, "the shadow's own predictions are counted against it");
  });

  test("a person with their own model is served by their newest own version", async () => {
    const user = await h.newUser();
    await registerFile(h.database.db, h.dir, `person-${user}`, "v1", v1, user);
    await registerFile(h.database.db, h.dir, `person-${user}`, "v2", v2, user);
    const res = await h.call("POST", "/v1/score", { userId: user, items: [item("tesco stores 2335")] });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.scores[0].model, `person-${user}`);
    assert.equal(res.json.scores[0].version, "v2");
    assert.equal(res.json.scores[0].scope, "person");
    const other = await h.call("POST", "/v1/score", { userId: randomUUID(), items: [item("tesco stores 2335")] });
    assert.equal(other.json.scores[0].model, "categorizer");
  });
});
