import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { userEventStreamKey } from "@fincoach/events";
import { createLogger } from "@fincoach/logging";
import { createMetrics } from "@fincoach/telemetry";
import { createApiListener } from "../../api-listener.ts";
import { type Harness, startHarness } from "../../test-support/api-harness.ts";
import { countRows, newAccount, upload } from "./import-fixtures.ts";

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

/** The person's stream as the API reads it: names and parsed payloads, oldest first. */
const streamOf = async (userId: string) => {
  const entries = (await h.redis.xrange(userEventStreamKey(h.config.redisPrefix, userId), "-", "+")) as [
    string,
    string[],
  ][];
  return entries.map(([, fields]) => ({
    type: fields[fields.indexOf("type") + 1],
    data: JSON.parse(fields[fields.indexOf("data") + 1] ?? "null"),
  }));
};

test("an import publishes import.completed, then transactions.created when it added rows; to its person only", async () => {
  const [u, other] = [await h.newUser(), await h.newUser()];
  const account = await newAccount(h, u, "USD");
  const first = await upload(h, u, { accountId: account.id, path: "ofx-ofxparse/checking.ofx" });
  assert.equal(first.status, 201, first.text);
  assert.equal(first.json.inserted, 3);
  // The same file again: all duplicates, so no transactions.created.
  const again = await upload(h, u, { accountId: account.id, path: "ofx-ofxparse/checking.ofx" });
  assert.equal(again.status, 201, again.text);
  assert.equal(again.json.inserted, 0);

  const accounting = (r: { importId: string; duplicates: number; inserted: number }) => ({
    importId: r.importId,
    status: "completed",
    inserted: r.inserted,
    duplicates: r.duplicates,
    skipped: 0,
    failed: 0,
  });
  assert.deepEqual(await streamOf(u.id), [
    { type: "import.completed", data: accounting(first.json) },
    { type: "transactions.created", data: { count: 3 } },
    { type: "import.completed", data: { ...accounting(again.json), duplicates: 3 } },
  ]);
  assert.deepEqual(await streamOf(other.id), []);
});

test("a Redis that cannot take the events: the import still answers 201 and is stored, with a warning", async () => {
  const closed = h.redis.duplicate();
  await closed.quit();
  const warnings: { msg: string; event?: string }[] = [];
  const { app } = createApiListener({
    deps: { database: h.database, redis: closed, config: h.config },
    logger: createLogger({
      service: "api",
      level: "warn",
      destination: { write: (line: string) => void warnings.push(JSON.parse(line)) },
    }),
    metrics: createMetrics("api"),
  });
  const u = await h.newUser();
  const account = await newAccount(h, u, "USD");
  const res = await upload({ ...h, call: callOn(app) }, u, {
    accountId: account.id,
    path: "ofx-ofxparse/checking.ofx",
  });
  assert.equal(res.status, 201, res.text);
  assert.equal(res.json.inserted, 3);
  assert.equal(await countRows(h, account.id), 3);
  assert.deepEqual(
    warnings.filter((w) => w.msg === "cannot publish event").map((w) => w.event),
    ["import.completed", "transactions.created"],
  );
  assert.deepEqual(await streamOf(u.id), []);
});

/** `h.call`, but on another app instance (in process). */
const callOn =
  (app: ReturnType<typeof createApiListener>["app"]): Harness["call"] =>
  async (method, path, opts = {}) => {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    const body = opts.body instanceof FormData ? opts.body : undefined;
    const res = await app.request(path, { method, headers, body });
    const text = await res.text();
    const json = /json/.test(res.headers.get("content-type") ?? "") ? JSON.parse(text) : undefined;
    return { status: res.status, headers: res.headers, json, text };
  };
