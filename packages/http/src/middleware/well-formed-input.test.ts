import assert from "node:assert/strict";
import { test } from "node:test";
import { createLogger } from "@fincoach/logging";
import { createMetrics } from "@fincoach/telemetry";
import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import type { BaseEnv } from "../base-env.ts";
import { LONE_SURROGATE_MESSAGE, NUL_MESSAGE } from "../ill-formed-text.ts";
import { newApp } from "../new-app.ts";

const build = () => {
  const app = newApp<BaseEnv>({
    service: "test",
    logger: createLogger({ service: "test", level: "silent" }),
    metrics: createMetrics("test"),
  });
  const Body = z.object({ name: z.string(), splits: z.array(z.object({ notes: z.string() })).optional() });
  app.openapi(
    createRoute({
      method: "post",
      path: "/things",
      request: { body: { content: { "application/json": { schema: Body } } } },
      responses: { 200: { description: "ok" } },
    }),
    (c) => c.json(c.req.valid("json"), 200),
  );
  app.get("/search", (c) => c.json({ q: c.req.query("q") ?? null }));
  app.post("/raw", async (c) => c.text(await c.req.raw.text()));
  return app;
};

type Problem = { code: string; errors: { path: string; message: string }[] };

const post = (body: string | Uint8Array, contentType = "application/json") =>
  build().request("/things", { method: "POST", headers: { "content-type": contentType }, body });

const problemOf = async (res: Response) => {
  assert.equal(res.status, 400);
  assert.equal(res.headers.get("content-type"), "application/problem+json");
  return (await res.json()) as Problem;
};

test("a NUL in any JSON string answers 400 naming the field, nested ones by their path", async () => {
  const res = await post('{"name":"a\\u0000b","splits":[{"notes":"ok"},{"notes":"\\u0000"}]}');
  const problem = await problemOf(res);
  assert.equal(problem.code, "VALIDATION");
  assert.deepEqual(problem.errors, [
    { path: "name", message: NUL_MESSAGE },
    { path: "splits.1.notes", message: NUL_MESSAGE },
  ]);
});

test("a NUL in a field name and a lone surrogate are refused too", async () => {
  const key = await problemOf(await post('{"name":"a","bad\\u0000key":1}'));
  assert.deepEqual(key.errors, [{ path: "bad\\u0000key", message: `field name ${NUL_MESSAGE}` }]);
  const lone = await problemOf(await post('{"name":"\\ud800"}'));
  assert.deepEqual(lone.errors, [{ path: "name", message: LONE_SURROGATE_MESSAGE }]);
  const reversed = await problemOf(await post('{"name":"\\udc00\\ud800"}'));
  assert.deepEqual(reversed.errors, [{ path: "name", message: LONE_SURROGATE_MESSAGE }]);
});

test("invalid UTF-8 in a JSON body answers 400, never silently replaced", async () => {
  const bytes = new Uint8Array([...new TextEncoder().encode('{"name":"caf'), 0xe9, ...new TextEncoder().encode('"}')]);
  const problem = await problemOf(await post(bytes));
  assert.deepEqual(problem.errors, [{ path: "(body)", message: "is not valid UTF-8" }]);
  // An encoded surrogate (CESU-8 style) is invalid UTF-8 as well.
  const cesu = new Uint8Array([
    ...new TextEncoder().encode('{"name":"'),
    0xed,
    0xa0,
    0x80,
    ...new TextEncoder().encode('"}'),
  ]);
  assert.equal((await post(cesu)).status, 400);
});

test("well-formed text passes unchanged, escapes and non-ASCII included", async () => {
  const body = { name: "Café 😀 \\u0000 written out", splits: [{ notes: "a\\b" }] };
  const res = await post(JSON.stringify(body), "application/json; charset=utf-8");
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), body);
});

test("the raw body is still there for a route that reads it after the check", async () => {
  const body = '{"name":"ünïcode"}';
  const res = await build().request("/raw", { method: "POST", headers: { "content-type": "application/json" }, body });
  assert.equal(await res.text(), body);
});

test("malformed JSON keeps its 400", async () => {
  const problem = await problemOf(await post('{"name":"\\u0000'));
  assert.equal(problem.code, "VALIDATION");
});

test("a NUL in a query parameter answers 400 naming it", async () => {
  const app = build();
  const problem = await problemOf(await app.request("/search?q=ab%00c&page=1"));
  assert.deepEqual(problem.errors, [{ path: "query.q", message: NUL_MESSAGE }]);
  const plus = await problemOf(await app.request("/search?a%00b=1"));
  assert.deepEqual(plus.errors, [{ path: "query.a\\u0000b", message: NUL_MESSAGE }]);
  const ok = await app.request("/search?q=100%25");
  assert.deepEqual(await ok.json(), { q: "100%" });
  const literal = await app.request("/search?q=50%");
  assert.deepEqual(await literal.json(), { q: "50%" });
  const accents = await app.request("/search?q=caf%C3%A9+cr%C3%A8me");
  assert.deepEqual(await accents.json(), { q: "café crème" });
});

test("query escapes that aren't UTF-8 answer 400 rather than reaching the handler as raw text", async () => {
  const app = build();
  for (const q of ["%ED%A0%80", "%FF", "caf%E9"]) {
    const problem = await problemOf(await app.request(`/search?page=1&q=${q}`));
    assert.deepEqual(problem.errors, [{ path: "query.q", message: "is not valid UTF-8" }], q);
  }
});

test("a deeply nested body is walked without overflowing the stack", async () => {
  const depth = 200_000;
  const res = await post(`${"[".repeat(depth)}"\\u0000"${"]".repeat(depth)}`);
  assert.equal(res.status, 400);
  const problem = (await res.json()) as Problem;
  assert.equal(problem.errors[0]?.message, NUL_MESSAGE);
});
