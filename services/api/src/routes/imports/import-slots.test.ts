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

describe("import slots", () => {
  test("a person's second concurrent import is refused; another person's runs", async () => {
    const slots = createImportSlots({ perProcess: 4, perPerson: 1, retryAfterSeconds: 3 });
    const g = gate();
    const first = slots.run("ada", () => g.done);
    await assert.rejects(
      slots.run("ada", async () => 1),
      refusal,
    );
    assert.equal(await slots.run("bob", async () => 2), 2);
    g.open();
    await first;
    assert.equal(await slots.run("ada", async () => 3), 3, "the slot is free again once the import ends");
  });

  test("the process cap refuses everyone beyond it, and a failed import frees its slot", async () => {
    const slots = createImportSlots({ perProcess: 2, perPerson: 2, retryAfterSeconds: 3 });
    const g = gate();
    const held = [slots.run("a", () => g.done), slots.run("b", () => g.done)];
    await assert.rejects(
      slots.run("c", async () => 1),
      refusal,
    );
    g.open();
    await Promise.all(held);
    await assert.rejects(
      slots.run("c", async () => {
        throw new Error("parse failed");
      }),
      /parse failed/,
    );
    assert.equal(slots.running, 0);
  });
});
