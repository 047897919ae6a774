import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { bullPrefix, queueName } from "@fincoach/jobs";
import { Queue } from "bullmq";
import { type Harness, startHarness } from "../../test-support/api-harness.ts";
import { createVia, imapBody, plaidBody } from "./connection-fixtures.ts";

let h: Harness;
let queue: Queue;
before(async () => {
  h = await startHarness();
  // The real queue the API produced into, read back from Redis (under this run's prefix).
  queue = new Queue(queueName("sync"), { connection: h.redis, prefix: bullPrefix(h.config.redisPrefix) });
});
after(async () => {
  await queue.close();
  await h.close();
});

test("an IMAP connection is created with the contract's fields, listed, read, patched and deleted", async () => {
  const u = await h.newUser();
  const account = await h.call("POST", "/v1/accounts", {
    token: u.token,
    body: { name: "Visa", type: "credit_card", currency: "EUR" },
  });
  const created = await h.call("POST", "/v1/connections", {
    token: u.token,
    body: imapBody({ accountId: account.json.id, folders: ["INBOX", "Receipts"] }),
  });
  assert.equal(created.status, 201, created.text);
  const { id } = created.json;
  assert.deepEqual(
    {
      type: created.json.type,
      host: created.json.host,
      port: created.json.port,
      tls: created.json.tls,
      username: created.json.username,
      folders: created.json.folders,
      since: created.json.since,
      accountId: created.json.accountId,
      credential: created.json.credential,
      status: created.json.status,
    },
    {
      type: "imap",
      host: "imap.example.com",
      port: 993,
      tls: "implicit",
      username: "ada@example.com",
      folders: ["INBOX", "Receipts"],
      since: "2024-01-01",
      accountId: account.json.id,
      credential: "password",
      status: "active",
    },
  );
  assert.equal("password" in created.json, false);

  const list = await h.call("GET", "/v1/connections", { token: u.token });
  assert.deepEqual(
    list.json.items.map((c: { id: string }) => c.id),
    [id],
  );
  assert.equal((await h.call("GET", `/v1/connections/${id}`, { token: u.token })).json.name, "Bank alerts");

  const patched = await h.call("PATCH", `/v1/connections/${id}`, {
    token: u.token,
    body: { name: "Alerts", tls: "starttls", port: 143, accessToken: "ya29.new-token", accountId: null },
  });
  assert.equal(patched.status, 200, patched.text);
  assert.deepEqual(
    [patched.json.name, patched.json.tls, patched.json.port, patched.json.credential, patched.json.accountId],
    ["Alerts", "starttls", 143, "accessToken", null],
  );

  assert.equal((await h.call("DELETE", `/v1/connections/${id}`, { token: u.token })).status, 204);
  assert.equal((await h.call("GET", `/v1/connections/${id}`, { token: u.token })).status, 404);
});

test("a Plaid connection keeps its account map", async () => {
  const u = await h.newUser();
  const account = await h.call("POST", "/v1/accounts", {
    token: u.token,
    body: { name: "Checking", type: "checking", currency: "USD" },
  });
  const res = await h.call("POST", "/v1/connections", {
    token: u.token,
    body: plaidBody({ accountMap: { "plaid-acc-1": account.json.id } }),
  });
  assert.equal(res.status, 201, res.text);
  assert.deepEqual(
    [res.json.type, res.json.accountMap, res.json.credential],
    ["plaid", { "plaid-acc-1": account.json.id }, "accessToken"],
  );
});

test("POST /sync answers 202 with a job id, queues a real BullMQ job, and the job is readable and listed", async () => {
  const u = await h.newUser();
  const mailbox = await createVia(h, u.token, imapBody());
  const bank = await createVia(h, u.token, plaidBody());

  const synced = await h.call("POST", `/v1/connections/${mailbox}/sync`, { token: u.token });
  assert.equal(synced.status, 202, synced.text);
  const { jobId } = synced.json;
  const bull = await queue.getJob(jobId);
  assert.ok(bull, "the job is in Redis under the sync queue");
  assert.equal(bull.name, "sync-mailbox");
  assert.deepEqual(
    { jobId: bull.data.jobId, userId: bull.data.userId, connectionId: bull.data.connectionId, mode: bull.data.mode },
    { jobId, userId: u.id, connectionId: mailbox, mode: "incremental" },
  );

  const bankJob = (await h.call("POST", `/v1/connections/${bank}/sync`, { token: u.token })).json.jobId;
  assert.equal((await queue.getJob(bankJob))?.name, "sync-bank");

  const job = await h.call("GET", `/v1/sync-jobs/${jobId}`, { token: u.token });
  assert.equal(job.status, 200);
  assert.deepEqual(
    {
      status: job.json.status,
      progress: job.json.progress,
      processed: job.json.processed,
      inserted: job.json.inserted,
      duplicates: job.json.duplicates,
      skipped: job.json.skipped,
      failed: job.json.failed,
      startedAt: job.json.startedAt,
      finishedAt: job.json.finishedAt,
      error: job.json.error,
    },
    {
      status: "queued",
      progress: 0,
      processed: 0,
      inserted: 0,
      duplicates: 0,
      skipped: 0,
      failed: 0,
      startedAt: null,
      finishedAt: null,
      error: null,
    },
  );

  const second = (await h.call("POST", `/v1/connections/${mailbox}/sync`, { token: u.token })).json.jobId;
  const forMailbox = await h.call("GET", `/v1/sync-jobs?connectionId=${mailbox}`, { token: u.token });
  assert.deepEqual(
    forMailbox.json.items.map((j: { id: string }) => j.id),
    [second, jobId],
    "newest first, this connection only",
  );
  const paged = await h.call("GET", "/v1/sync-jobs?limit=2", { token: u.token });
  assert.equal(paged.json.items.length, 2);
  const rest = await h.call("GET", `/v1/sync-jobs?limit=2&cursor=${paged.json.nextCursor}`, { token: u.token });
  assert.deepEqual([rest.json.items.length, rest.json.nextCursor], [1, null]);
  const all = [...paged.json.items, ...rest.json.items].map((j: { id: string }) => j.id).sort();
  assert.deepEqual(all, [jobId, second, bankJob].sort());
});

test("a disabled connection is not synced (409); enabling it again allows a sync", async () => {
  const u = await h.newUser();
  const id = await createVia(h, u.token, imapBody());
  await h.call("PATCH", `/v1/connections/${id}`, { token: u.token, body: { status: "disabled" } });
  const refused = await h.call("POST", `/v1/connections/${id}/sync`, { token: u.token });
  assert.equal(refused.status, 409);
  assert.equal(refused.headers.get("content-type"), "application/problem+json");
  await h.call("PATCH", `/v1/connections/${id}`, { token: u.token, body: { status: "active" } });
  assert.equal((await h.call("POST", `/v1/connections/${id}/sync`, { token: u.token })).status, 202);
});

test("the OpenAPI document has the connection and sync-job operations and schemas", async () => {
  const doc = (await h.call("GET", "/openapi.json")).json;
  const ops = Object.entries(doc.paths as Record<string, object>).flatMap(([p, o]) =>
    Object.keys(o).map((m) => `${m} ${p}`),
  );
  for (const op of [
    "post /v1/connections",
    "get /v1/connections",
    "get /v1/connections/{id}",
    "patch /v1/connections/{id}",
    "delete /v1/connections/{id}",
    "post /v1/connections/{id}/test",
    "post /v1/connections/{id}/sync",
    "get /v1/sync-jobs",
    "get /v1/sync-jobs/{id}",
  ]) {
    assert.ok(ops.includes(op), op);
  }
  for (const id of ["Connection", "CreateConnection", "CreateImapConnection", "CreatePlaidConnection", "SyncJob"]) {
    assert.ok(doc.components.schemas[id], id);
  }
  assert.ok(doc.paths["/v1/connections/{id}/test"].post.responses["422"], "the failed check is documented");
});
