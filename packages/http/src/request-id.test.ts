import assert from "node:assert/strict";
import { test } from "node:test";
import { requestIdFrom } from "./request-id.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test("a plain caller's request id is kept; anything else is replaced by a new UUID", () => {
  assert.equal(requestIdFrom("req-1_a=b"), "req-1_a=b");
  assert.equal(requestIdFrom("x".repeat(255)), "x".repeat(255));
  for (const bad of [undefined, "", "x".repeat(256), "a b", 'x"}, "admin":true', "line\nbreak"]) {
    assert.match(requestIdFrom(bad), UUID, JSON.stringify(bad));
  }
  assert.notEqual(requestIdFrom(undefined), requestIdFrom(undefined));
});
