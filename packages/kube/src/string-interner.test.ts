import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { StringInterner } from "./string-interner.ts";

// Two equal strings built at run time are distinct heap objects until interned; identity
// is not observable in JS, so the tests check values and that the table stays bounded.
const parsed = (name: string) =>
  JSON.parse(
    JSON.stringify({
      apiVersion: "apps/v1",
      metadata: { name, resourceVersion: "12", labels: { app: "worker" }, ownerReferences: [{ kind: "X", name }] },
      long: "x".repeat(100),
    }),
  );

describe("StringInterner", () => {
  it("leaves values as they were, deeply, in place", () => {
    const interner = new StringInterner();
    const obj = parsed("a");
    const copy = structuredClone(obj);
    assert.equal(interner.intern(obj), obj);
    assert.deepEqual(obj, copy);
  });

  it("composes with a transform", () => {
    const interner = new StringInterner();
    const transform = interner.transform((o: { metadata?: { name?: string } }) => ({ metadata: o.metadata }));
    assert.deepEqual(transform(parsed("b")), { metadata: parsed("b").metadata });
  });

  it("stays bounded: the table is emptied when full, and keeps working", () => {
    const interner = new StringInterner({ maxEntries: 3 });
    for (let i = 0; i < 100; i++) assert.equal(interner.intern(parsed(`n${i}`)).metadata.name, `n${i}`);
  });
});
