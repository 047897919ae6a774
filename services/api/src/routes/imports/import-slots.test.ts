import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { isAppError } from "@fincoach/errors";
import { createImportSlots } from "./import-slots.ts";

/** A promise and the function that settles it, so a test holds a slot as long as it likes. */
const gate = () => {
  let open!: () => void;
  const done = new Promise<void>((r) => {
    open = r;
  });
  return { done, open };
};

const refusal = (e: unknown) => isAppError(e) && e.code === "LIMIT_EXCEEDED" && e.retryAfterSeconds === 3;
const MiB = 2 ** 20;
const budget = { perProcessBytes: 40 * MiB, perPersonBytes: 20 * MiB, minWeightBytes: 64 * 1024, retryAfterSeconds: 3 };

describe("import slots: a budget of upload bytes", () => {
  test("a person's large imports run one at a time; their small ones run beside each other", async () => {
    const slots = createImportSlots(budget);
    const g = gate();
    const large = slots.run("ada", 15 * MiB, () => g.done);
    await assert.rejects(
      slots.run("ada", 15 * MiB, async () => 1),
      refusal,
    );
    assert.equal(await slots.run("ada", 10 * 1024, async () => 2), 2, "a small file fits beside the large one");
    assert.equal(await slots.run("bob", 15 * MiB, async () => 3), 3, "another person has a budget of their own");
    g.open();
    await large;
    assert.equal(await slots.run("ada", 15 * MiB, async () => 4), 4, "the budget is free again once the import ends");
  });

  test("the process budget refuses everyone beyond it; a failed import gives its bytes back", async () => {
    const slots = createImportSlots(budget);
    const g = gate();
    const held = [slots.run("a", 20 * MiB, () => g.done), slots.run("b", 20 * MiB, () => g.done)];
    await assert.rejects(
      slots.run("c", 1024, async () => 1),
      refusal,
      "even the smallest weighs minWeightBytes",
    );
    g.open();
    await Promise.all(held);
    await assert.rejects(
      slots.run("c", MiB, async () => {
        throw new Error("parse failed");
      }),
      /parse failed/,
    );
    assert.equal(slots.inFlightBytes, 0);
  });

  test("an import heavier than a whole budget runs when nothing else does", async () => {
    const slots = createImportSlots(budget);
    assert.equal(await slots.run("ada", 30 * MiB, async () => 1), 1);
  });
});
