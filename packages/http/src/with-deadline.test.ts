import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { withDeadline } from "./with-deadline.ts";

describe("withDeadline", () => {
  it("gives the work's value, or its error, when it settles first", async () => {
    assert.equal(await withDeadline(Promise.resolve(42), 1000), 42);
    await assert.rejects(withDeadline(Promise.reject(new Error("refused")), 1000), /refused/);
  });

  it("rejects with the deadline when the work never settles", async () => {
    await assert.rejects(withDeadline(new Promise(() => {}), 5), /no answer within 5 ms/);
  });
});
