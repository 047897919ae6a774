import assert from "node:assert/strict";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { defaultFeatureSettings } from "./feature-settings.ts";
import { readModel, writeModel } from "./model-directory.ts";
import { trainModel } from "./train-model.ts";

const dir = await mkdtemp(join(tmpdir(), "categorizer-model-"));
after(() => rm(dir, { recursive: true, force: true }));
const good = join(dir, "good");
const settings = { ...defaultFeatureSettings, bucketBits: 8 };
await writeModel(
  good,
  trainModel(
    [
      { description: "shell", amount: 50, category: "Fuel" },
      { description: "tesco", amount: 9, category: "Food" },
    ],
    { epochs: 2 },
    settings,
  ),
);

/** A copy of the good model with `damage` applied to it. */
const damaged = async (name: string, damage: (copy: string) => Promise<void>) => {
  const copy = join(dir, name);
  await cp(good, copy, { recursive: true });
  await damage(copy);
  return copy;
};

test("a weights file whose sha256 differs from model.json's is refused, naming the file", async () => {
  const copy = await damaged("flipped", async (d) => {
    const bytes = await readFile(join(d, "weights.bin"));
    bytes[bytes.length - 1]! ^= 1;
    await writeFile(join(d, "weights.bin"), bytes);
  });
  await assert.rejects(readModel(copy), {
    code: "VALIDATION",
    message: /weights\.bin: sha256 [0-9a-f]{64} does not match/,
  });
});

test("an edited model.json is refused by its own checksum", async () => {
  const copy = await damaged("relabelled", async (d) => {
    const text = await readFile(join(d, "model.json"), "utf8");
    await writeFile(join(d, "model.json"), text.replace('"Food"', '"Groceries"'));
  });
  await assert.rejects(readModel(copy), { code: "VALIDATION", message: /model\.json: .*own sha256/ });
});

test("a missing directory, missing weights or a malformed model.json get clear errors", async () => {
  await assert.rejects(readModel(join(dir, "nowhere")), { code: "NOT_FOUND", message: /not a model directory/ });
  const noWeights = await damaged("no-weights", (d) => rm(join(d, "weights.bin")));
  await assert.rejects(readModel(noWeights), { code: "NOT_FOUND", message: /weights\.bin is missing/ });
  const notJson = await damaged("not-json", (d) => writeFile(join(d, "model.json"), "{"));
  await assert.rejects(readModel(notJson), { code: "VALIDATION", message: /model\.json: is not JSON/ });
  const wrongFormat = await damaged("wrong-format", (d) => writeFile(join(d, "model.json"), '{"format":"other"}'));
  await assert.rejects(readModel(wrongFormat), { code: "VALIDATION", message: /model\.json \/ format/ });
});

test("the untouched model loads", async () => {
  assert.deepEqual((await readModel(good)).labels, ["Food", "Fuel"]);
});
