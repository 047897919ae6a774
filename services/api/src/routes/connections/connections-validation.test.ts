import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { freePort } from "@fincoach/testing";
import { type Harness, startHarness } from "../../test-support/api-harness.ts";
import { createVia, imapBody, plaidBody } from "./connection-fixtures.ts";

let h: Harness;
before(async () => {
  h = await startHarness({ PLAID_CLIENT_ID: "client-id", PLAID_SECRET: "plaid-secret" });
});
after(() => h.close());

const fieldsOf = (json: { errors?: { path: string }[] }) => (json.errors ?? []).map((e) => e.path);

test("bad bodies are 400 problem+json naming each field", async () => {
  const u = await h.newUser();
  const { password: _pw, ...noCredential } = imapBody();
  const cases: [unknown, string][] = [
    [noCredential, "password"],
    [imapBody({ accessToken: "t" }), "accessToken"],
    [imapBody({ tls: "ssl" }), "tls"],
    [imapBody({ port: 70000 }), "port"],
    [imapBody({ since: "2024-13-01" }), "since"],
    [imapBody({ folders: [] }), "folders"],
    [imapBody({ host: "bad host" }), "host"],
    [imapBody({ accountId: "not-a-uuid" }), "accountId"],
    [{ ...imapBody(), type: "pop3" }, "type"],
    [plaidBody({ accessToken: "" }), "accessToken"],
    [plaidBody({ accountMap: { x: "nope" } }), "accountMap.x"],
  ];
  for (const [body, field] of cases) {
    const res = await h.call("POST", "/v1/connections", { token: u.token, body });
    assert.equal(res.status, 400, JSON.stringify(body));
    assert.equal(res.headers.get("content-type"), "application/problem+json");
    assert.ok(fieldsOf(res.json).includes(field), `${field} in ${JSON.stringify(res.json.errors)}`);
  }
  const id = await createVia(h, u.token, imapBody());
  const foreign = await h.call("PATCH", `/v1/connections/${id}`, { token: u.token, body: { accountMap: {} } });
  assert.deepEqual([foreign.status, fieldsOf(foreign.json)], [400, ["accountMap"]]);
  const unknown = await h.call("PATCH", `/v1/connections/${id}`, { token: u.token, body: { secret: "x" } });
  assert.equal(unknown.status, 400);
  const missingAccount = await h.call("POST", "/v1/connections", {
    token: u.token,
    body: imapBody({ accountId: "00000000-0000-4000-8000-000000000000" }),
  });
  assert.deepEqual([missingAccount.status, fieldsOf(missingAccount.json)], [404, ["accountId"]]);
  const badCursor = await h.call("GET", "/v1/sync-jobs?cursor=zzz", { token: u.token });
  assert.deepEqual([badCursor.status, fieldsOf(badCursor.json)], [400, ["query.cursor"]]);
});

describe("POST /v1/connections/:id/test", () => {
  test("an IMAP server that is not there answers 422 'connection refused', naming host:port", async () => {
    const u = await h.newUser();
    const port = await freePort();
    const id = await createVia(h, u.token, imapBody({ host: "127.0.0.1", port, tls: "none" }));
    const res = await h.call("POST", `/v1/connections/${id}/test`, { token: u.token });
    assert.equal(res.status, 422, res.text);
    assert.equal(res.headers.get("content-type"), "application/problem+json");
    assert.equal(res.json.detail, `connection refused (127.0.0.1:${port})`);
    assert.equal(res.json.type, "https://fincoach.dev/problems/connection-check-failed");
  });

  test("a Plaid base URL that is not there answers 422 naming it", async () => {
    const port = await freePort();
    const p = await startHarness({
      PLAID_BASE_URL: `http://127.0.0.1:${port}`,
      PLAID_CLIENT_ID: "client-id",
      PLAID_SECRET: "plaid-secret",
    });
    try {
      const u = await p.newUser();
      const id = await createVia(p, u.token, plaidBody());
      const res = await p.call("POST", `/v1/connections/${id}/test`, { token: u.token });
      assert.equal(res.status, 422, res.text);
      assert.equal(res.json.detail, `Plaid unreachable at http://127.0.0.1:${port} (ECONNREFUSED)`);
    } finally {
      await p.close();
    }
  });
});

test("without CONNECTION_KEYS creating or checking a connection is 412 naming the setting; without Plaid credentials a Plaid check is 412", async () => {
  const bare = await startHarness({ CONNECTION_KEYS: undefined });
  try {
    const u = await bare.newUser();
    const res = await bare.call("POST", "/v1/connections", { token: u.token, body: imapBody() });
    assert.equal(res.status, 412);
    assert.match(res.json.detail, /CONNECTION_KEYS/);
    assert.deepEqual((await bare.call("GET", "/v1/connections", { token: u.token })).json.items, []);
  } finally {
    await bare.close();
  }
  const noPlaid = await startHarness();
  try {
    const u = await noPlaid.newUser();
    const id = await createVia(noPlaid, u.token, plaidBody());
    const res = await noPlaid.call("POST", `/v1/connections/${id}/test`, { token: u.token });
    assert.equal(res.status, 412);
    assert.match(res.json.detail, /PLAID_CLIENT_ID/);
  } finally {
    await noPlaid.close();
  }
});
