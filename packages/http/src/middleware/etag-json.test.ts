import assert from "node:assert/strict";
import { test } from "node:test";
import { Hono } from "hono";
import { etagJson, matchesEtag } from "./etag-json.ts";
import { personalCacheControl } from "./personal-cache-control.ts";

const build = () => {
  let value = "first";
  const app = new Hono();
  app.use(personalCacheControl(), etagJson());
  app.get("/thing", (c) => {
    c.header("x-request-id", "req-1");
    return c.json({ value });
  });
  app.post("/thing", async (c) => {
    value = ((await c.req.json()) as { value: string }).value;
    return c.json({ value }, 201);
  });
  app.get("/export", (c) => c.body("a,b\n", 200, { "content-type": "text/csv" }));
  app.get("/missing", (c) => c.json({ code: "NOT_FOUND" }, 404));
  return app;
};

test("200 with an ETag, 304 without a body for the same If-None-Match, 200 with a new ETag after a change", async () => {
  const app = build();
  const first = await app.request("/thing");
  assert.equal(first.status, 200);
  const etag = first.headers.get("etag");
  assert.match(etag ?? "", /^"[\w-]{27}"$/);
  assert.equal(first.headers.get("cache-control"), "private, no-cache");
  assert.deepEqual(await first.json(), { value: "first" });

  const again = await app.request("/thing", { headers: { "if-none-match": etag! } });
  assert.equal(again.status, 304);
  assert.equal(await again.text(), "");
  assert.equal(again.headers.get("etag"), etag);
  assert.equal(again.headers.get("content-type"), null);
  assert.equal(again.headers.get("x-request-id"), "req-1", "the 304 keeps the 200's other headers");
  assert.equal(again.headers.get("cache-control"), "private, no-cache");

  await app.request("/thing", { method: "POST", body: JSON.stringify({ value: "second" }) });
  const changed = await app.request("/thing", { headers: { "if-none-match": etag! } });
  assert.equal(changed.status, 200);
  assert.notEqual(changed.headers.get("etag"), etag);
  assert.deepEqual(await changed.json(), { value: "second" });
});

test("the same body always gets the same tag (nothing stored: any replica computes it)", async () => {
  const [a, b] = [await build().request("/thing"), await build().request("/thing")];
  assert.equal(a.headers.get("etag"), b.headers.get("etag"));
});

test("no ETag on writes, errors or non-JSON bodies; those are no-store", async () => {
  const app = build();
  const post = await app.request("/thing", { method: "POST", body: JSON.stringify({ value: "x" }) });
  const missing = await app.request("/missing");
  const csv = await app.request("/export", { headers: { "if-none-match": "*" } });
  for (const res of [post, missing, csv]) {
    assert.equal(res.headers.get("etag"), null);
    assert.equal(res.headers.get("cache-control"), "no-store");
  }
  assert.equal(csv.status, 200, "a streamed export is never answered 304");
  assert.equal(await csv.text(), "a,b\n");
});

test("If-None-Match compares weakly, accepts lists and *", () => {
  assert.ok(matchesEtag('W/"abc"', '"abc"'));
  assert.ok(matchesEtag('"x", "abc"', '"abc"'));
  assert.ok(matchesEtag("*", '"abc"'));
  assert.ok(!matchesEtag('"abd"', '"abc"'));
  assert.ok(!matchesEtag(undefined, '"abc"'));
});
