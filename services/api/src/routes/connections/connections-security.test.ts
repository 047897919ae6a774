import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { after, before, test } from "node:test";
import { connections } from "@fincoach/db";
import { createLogger } from "@fincoach/logging";
import { createMetrics } from "@fincoach/telemetry";
import { freePort } from "@fincoach/testing";
import { createApp } from "../../app.ts";
import { type Harness, startHarness } from "../../test-support/api-harness.ts";
import { createVia, IMAP_PASSWORD, imapBody, PLAID_TOKEN, plaidBody } from "./connection-fixtures.ts";

let h: Harness;
before(async () => {
  h = await startHarness({ PLAID_CLIENT_ID: "client-id", PLAID_SECRET: "plaid-server-secret" });
});
after(() => h.close());

test("another person's connection and sync jobs answer 404 on every route, like ids that never existed", async () => {
  const owner = await h.newUser();
  const other = await h.newUser();
  const id = await createVia(h, owner.token, imapBody());
  const { jobId } = (await h.call("POST", `/v1/connections/${id}/sync`, { token: owner.token })).json;
  const calls: [string, string, unknown?][] = [
    ["GET", `/v1/connections/${id}`],
    ["PATCH", `/v1/connections/${id}`, { name: "taken" }],
    ["DELETE", `/v1/connections/${id}`],
    ["POST", `/v1/connections/${id}/test`],
    ["POST", `/v1/connections/${id}/sync`],
    ["GET", `/v1/sync-jobs/${jobId}`],
  ];
  for (const [method, path, body] of calls) {
    const res = await h.call(method, path, { token: other.token, body });
    assert.equal(res.status, 404, `${method} ${path}`);
    assert.equal(res.headers.get("content-type"), "application/problem+json");
  }
  assert.deepEqual((await h.call("GET", "/v1/connections", { token: other.token })).json.items, []);
  assert.deepEqual((await h.call("GET", `/v1/sync-jobs?connectionId=${id}`, { token: other.token })).json.items, []);
  // Still there, unchanged, for its owner.
  const mine = await h.call("GET", `/v1/connections/${id}`, { token: owner.token });
  assert.equal(mine.json.name, "Bank alerts");
});

test("without a token every connection route is 401", async () => {
  for (const [method, path] of [
    ["GET", "/v1/connections"],
    ["POST", "/v1/connections"],
    ["GET", "/v1/sync-jobs"],
  ] as const) {
    assert.equal((await h.call(method, path)).status, 401, `${method} ${path}`);
  }
});

test("credentials never appear in a response body nor in the logs (trace level, failures included)", async () => {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const app = createApp({
    deps: { database: h.database, redis: h.redis, config: h.config },
    logger: createLogger({ service: "api", level: "trace", destination }),
    metrics: createMetrics("api"),
  });
  const u = await h.newUser();
  const bodies: string[] = [];
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await app.request(path, {
      method,
      headers: { authorization: `Bearer ${u.token}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    bodies.push(text);
    return { status: res.status, json: text ? JSON.parse(text) : undefined };
  };
  const closed = await freePort();
  const imap = await call("POST", "/v1/connections", imapBody({ host: "127.0.0.1", port: closed, tls: "none" }));
  assert.equal(imap.status, 201);
  const plaid = await call("POST", "/v1/connections", plaidBody());
  assert.equal(plaid.status, 201);
  const newPassword = "canary-new-password-77aa";
  await call("GET", "/v1/connections");
  await call("GET", `/v1/connections/${imap.json.id}`);
  await call("PATCH", `/v1/connections/${imap.json.id}`, { password: newPassword });
  assert.equal((await call("POST", `/v1/connections/${imap.json.id}/test`)).status, 422);
  assert.equal((await call("POST", `/v1/connections/${plaid.json.id}/test`)).status, 422);
  await call("POST", `/v1/connections/${imap.json.id}/sync`);
  // Refused inputs echo nothing of the secret either.
  assert.equal((await call("POST", "/v1/connections", imapBody({ accessToken: "canary-token-x1" }))).status, 400);
  assert.equal((await call("POST", "/v1/connections", imapBody({ port: "nope" }))).status, 400);

  const logged = lines.join("");
  assert.ok(lines.length >= 10, "requests were logged");
  const responses = bodies.join("\n");
  for (const secret of [IMAP_PASSWORD, newPassword, PLAID_TOKEN, "canary-token-x1", "plaid-server-secret"]) {
    assert.ok(!responses.includes(secret), `a response holds ${secret}`);
    assert.ok(!logged.includes(secret), `the logs hold ${secret}`);
  }
  // And the database holds them only sealed.
  const rows = await h.database.db.select().from(connections);
  for (const secret of [IMAP_PASSWORD, newPassword, PLAID_TOKEN]) assert.ok(!JSON.stringify(rows).includes(secret));
});
