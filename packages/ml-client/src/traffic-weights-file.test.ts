import assert from "node:assert/strict";
import { mkdir, mkdtemp, rename, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import type { TrafficWeights } from "@fincoach/contracts";
import { createLogger } from "@fincoach/logging";
import { followTrafficWeights, TrafficWeightsFile } from "./traffic-weights-file.ts";

const weights = (champion: string): TrafficWeights => ({
  models: {
    categorizer: {
      versions: ["v1", "v2"].map((version) => ({
        version,
        weight: version === champion ? 100 : 0,
        champion: version === champion,
        service: `categorizer-${version}`,
      })),
    },
  },
  updatedAt: new Date().toISOString(),
});

const championOf = (doc: TrafficWeights | null) => doc?.models.categorizer?.versions.find((v) => v.champion)?.version;

/**
 * A ConfigMap volume as the kubelet lays it out: the data in a timestamped directory, `..data`
 * a symlink to it, `weights.json` a symlink through `..data`; an update swaps `..data`.
 */
const configMapVolume = async () => {
  const root = await mkdtemp(join(tmpdir(), "fincoach-weights-file-"));
  let n = 0;
  const publish = async (text: string) => {
    const dir = `..2026_${n++}`;
    await mkdir(join(root, dir));
    await writeFile(join(root, dir, "weights.json"), text);
    await symlink(dir, join(root, "..data_tmp"));
    await rename(join(root, "..data_tmp"), join(root, "..data"));
  };
  return {
    path: join(root, "weights.json"),
    publish,
    init: async (text: string) => {
      await publish(text);
      await symlink(join("..data", "weights.json"), join(root, "weights.json"));
    },
    remove: () => rm(root, { recursive: true, force: true }),
  };
};

const capture = () => {
  const logs: { msg: string }[] = [];
  const logger = createLogger({
    service: "test",
    destination: { write: (l: string) => void logs.push(JSON.parse(l)) },
  });
  return { logs, logger };
};

/** Waits (no deadline of its own: the test runner's timeout ends a wait that never ends) for `check`. */
const until = async (check: () => boolean): Promise<void> => {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 20));
};

describe("TrafficWeightsFile", () => {
  test("follows a ConfigMap volume's symlink swap by its directory watch, without a re-read asked", async () => {
    const volume = await configMapVolume();
    const { logger } = capture();
    // A poll period far beyond the test: only the watch can bring the change.
    const file = new TrafficWeightsFile({ path: volume.path, logger, pollMs: 3_600_000 });
    try {
      await volume.init(JSON.stringify(weights("v1")));
      await file.start();
      assert.equal(championOf(file.current()), "v1");
      await volume.publish(JSON.stringify(weights("v2")));
      await until(() => championOf(file.current()) === "v2");
    } finally {
      file.stop();
      await volume.remove();
    }
  });

  test("keeps the last good document when a new one is refused, and says so", async () => {
    const volume = await configMapVolume();
    const { logs, logger } = capture();
    const file = new TrafficWeightsFile({ path: volume.path, logger, pollMs: 3_600_000 });
    try {
      await volume.init(JSON.stringify(weights("v1")));
      await file.start();
      await volume.publish(JSON.stringify({ models: { categorizer: { versions: "none" } } }));
      await file.reload();
      assert.equal(championOf(file.current()), "v1");
      assert.ok(logs.some((l) => l.msg === "traffic weights refused; the last good document stays"));
    } finally {
      file.stop();
      await volume.remove();
    }
  });

  test("is null before any good document (the caller then falls back to its plain URL)", async () => {
    const volume = await configMapVolume();
    const { logger } = capture();
    const file = new TrafficWeightsFile({ path: volume.path, logger });
    try {
      await file.start();
      assert.equal(file.current(), null);
    } finally {
      file.stop();
      await volume.remove();
    }
  });

  test("as a client's source, starts following on the first call only", async () => {
    const volume = await configMapVolume();
    const { logs, logger } = capture();
    const file = new TrafficWeightsFile({ path: volume.path, logger, pollMs: 3_600_000 });
    try {
      await volume.init(JSON.stringify(weights("v1")));
      const source = followTrafficWeights(file);
      assert.equal(file.current(), null, "nothing is read before the first call");
      assert.equal(championOf(await source()), "v1");
      assert.equal(championOf(await source()), "v1");
      assert.equal(logs.filter((l) => l.msg === "traffic weights loaded").length, 1);
    } finally {
      file.stop();
      await volume.remove();
    }
  });
});
