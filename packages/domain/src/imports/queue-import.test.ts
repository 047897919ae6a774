import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createTestDatabase, type TestDatabase } from "@fincoach/testing";
import { newPerson } from "../categorization/pipeline-fixtures.ts";
import { failQueuedImport } from "./fail-queued-import.ts";
import { getImport } from "./get-import.ts";
import type { ImportJobRequest } from "./import-queue.ts";
import { queueImport } from "./queue-import.ts";
import { runQueuedImport } from "./run-queued-import.ts";

let database: TestDatabase;
before(async () => {
  database = await createTestDatabase();
});
after(() => database.drop());

const CSV = "Date,Description,Amount\n2026-01-02,Coffee,-3.50\n2026-01-03,Tea,-2.10\n";
const content = new TextEncoder().encode(CSV);
const person = async () => {
  const p = await newPerson(database, "queue");
  return { ...p, ctx: { db: database.db, userId: p.userId } };
};
const uploads = async (importId: string) =>
  (await database.sql<{ n: number }[]>`select count(*)::int as n from import_uploads where import_id = ${importId}`)[0]!
    .n;

test("queueing stores the record (queued) and the file, and hands the queue only the import and its person", async () => {
  const p = await person();
  const handed: ImportJobRequest[] = [];
  const view = await queueImport({
    ctx: p.ctx,
    input: { accountId: p.accountId, filename: "s.csv", format: "csv" },
    content,
    queue: { enqueue: async (job) => void handed.push(job) },
  });
  assert.deepEqual([view.status, view.format, view.filename], ["queued", "csv", "s.csv"]);
  assert.deepEqual(handed, [{ importId: view.importId, userId: p.userId }]);
  const [stored] = await database.sql<{ content: Buffer; request: unknown }[]>`
    select content, request from import_uploads where import_id = ${view.importId}`;
  assert.equal(stored!.content.toString("utf8"), CSV);
  assert.deepEqual(stored!.request, { filename: "s.csv", format: "csv" });
});

test("a queue that refuses: the record is failed (never left queued), the file dropped, the error retryable", async () => {
  const p = await person();
  let importId = "";
  await assert.rejects(
    queueImport({
      ctx: p.ctx,
      input: { accountId: p.accountId },
      content,
      queue: {
        enqueue: async (job) => {
          importId = job.importId;
          throw new Error("Redis is away");
        },
      },
    }),
    (e: { code?: string; retryable?: boolean }) => e.code === "INTERNAL" && e.retryable === true,
  );
  const view = await getImport({ ctx: p.ctx, input: { id: importId } });
  assert.deepEqual([view.status, view.error], ["failed", "the import could not be queued"]);
  assert.equal(await uploads(importId), 0);
});

test("giving up fails a queued record once; a completed one is never failed afterwards", async () => {
  const p = await person();
  const queue = { enqueue: async () => {} };
  const given = await queueImport({ ctx: p.ctx, input: { accountId: p.accountId }, content, queue });
  const failed = await failQueuedImport({ ctx: p.ctx, input: { importId: given.importId, error: "gave up" } });
  assert.deepEqual([failed.status, failed.error, await uploads(given.importId)], ["failed", "gave up", 0]);
  // A failed record is not run again.
  assert.equal((await runQueuedImport({ ctx: p.ctx, input: { importId: given.importId } })).status, "failed");

  const done = await queueImport({ ctx: p.ctx, input: { accountId: p.accountId }, content, queue });
  const completed = await runQueuedImport({ ctx: p.ctx, input: { importId: done.importId } });
  assert.deepEqual([completed.status, completed.inserted, completed.seen], ["completed", 2, 2]);
  const after = await failQueuedImport({ ctx: p.ctx, input: { importId: done.importId, error: "late" } });
  assert.deepEqual(after, completed);
});
