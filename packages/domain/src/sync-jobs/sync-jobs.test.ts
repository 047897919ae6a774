import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { connections, syncJobs, users } from "@fincoach/db";
import { isAppError } from "@fincoach/errors";
import { createTestDatabase, type TestDatabase } from "@fincoach/testing";
import { desc, eq } from "drizzle-orm";
import { createConnection } from "../connections/create-connection.ts";
import { markConnectionNeedsAttention } from "../connections/mark-connection-needs-attention.ts";
import { updateConnection } from "../connections/update-connection.ts";
import { parseKeyring } from "../shared/secret-box.ts";
import { failSyncJob } from "./fail-sync-job.ts";
import { finishSyncJob } from "./finish-sync-job.ts";
import { getSyncJob } from "./get-sync-job.ts";
import { listSyncJobs } from "./list-sync-jobs.ts";
import { reportSyncProgress } from "./report-sync-progress.ts";
import { requestConnectionSync } from "./request-connection-sync.ts";
import { startSyncJob } from "./start-sync-job.ts";
import type { SyncJobRequest } from "./sync-job-queue.ts";

const rejectsWith = (p: Promise<unknown>, code: string) => assert.rejects(p, (e) => isAppError(e) && e.code === code);

describe("sync jobs", () => {
  let database: TestDatabase;
  const keyring = parseKeyring(`k1:${randomBytes(32).toString("base64")}`);
  before(async () => {
    database = await createTestDatabase();
  });
  after(() => database.drop());

  /** A queue that records what it was given, standing in for BullMQ here (the API tests use real Redis). */
  const recordingQueue = () => {
    const jobs: SyncJobRequest[] = [];
    return { jobs, enqueue: async (j: SyncJobRequest) => void jobs.push(j) };
  };

  const personWithConnection = async (type: "imap" | "plaid" = "imap") => {
    const [user] = await database.db
      .insert(users)
      .values({ email: `u${Math.random().toString(36).slice(2)}@example.com`, passwordHash: "x" })
      .returning();
    const ctx = { db: database.db, userId: user!.id, keyring };
    const input =
      type === "imap"
        ? {
            type,
            name: "Alerts",
            host: "imap.example.com",
            port: 993,
            tls: "implicit" as const,
            username: "u",
            password: "pw",
          }
        : { type, name: "Bank", accessToken: "access-sandbox" };
    const connection = await createConnection({ ctx, input });
    return { ctx, connectionId: connection.id };
  };

  const counts = (processed: number, inserted: number, duplicates = 0, skipped = 0, failed = 0) => ({
    processed,
    inserted,
    duplicates,
    skipped,
    failed,
  });

  test("a requested sync is a queued row handed to the queue with its kind; a run goes queued -> running -> completed", async () => {
    const me = await personWithConnection();
    const queue = recordingQueue();
    const { jobId } = await requestConnectionSync({ ctx: me.ctx, input: { id: me.connectionId }, queue });
    assert.deepEqual(queue.jobs, [{ jobId, connectionId: me.connectionId, userId: me.ctx.userId, kind: "mailbox" }]);
    assert.equal((await getSyncJob({ ctx: me.ctx, input: { id: jobId } })).status, "queued");

    const started = await startSyncJob({ ctx: me.ctx, input: { jobId } });
    assert.equal(started.status, "running");
    assert.ok(started.startedAt);
    await reportSyncProgress({ ctx: me.ctx, input: { jobId, progress: 40, counts: counts(100, 90, 5, 5) } });
    const midway = await getSyncJob({ ctx: me.ctx, input: { id: jobId } });
    assert.deepEqual([midway.progress, midway.processed, midway.inserted], [40, 100, 90]);
    // A retried job starts again: still running, first start time kept.
    const restarted = await startSyncJob({ ctx: me.ctx, input: { jobId } });
    assert.equal(restarted.startedAt, started.startedAt);

    const done = await finishSyncJob({ ctx: me.ctx, input: { jobId, counts: counts(250, 200, 30, 19, 1) } });
    assert.deepEqual(
      [done.status, done.progress, done.processed, done.inserted, done.duplicates, done.skipped, done.failed],
      ["completed", 100, 250, 200, 30, 19, 1],
    );
    assert.ok(done.finishedAt);
    const [connection] = await database.db.select().from(connections).where(eq(connections.id, me.connectionId));
    assert.equal(connection!.lastSyncedAt?.toISOString(), done.finishedAt);
    // Redelivered after completion: nothing changes, the worker sees it is done.
    assert.equal((await startSyncJob({ ctx: me.ctx, input: { jobId } })).status, "completed");
    await rejectsWith(
      reportSyncProgress({ ctx: me.ctx, input: { jobId, progress: 1, counts: counts(1, 1) } }),
      "CONFLICT",
    );
    await rejectsWith(failSyncJob({ ctx: me.ctx, input: { jobId, error: "late" } }), "CONFLICT");
  });

  test("finishing with counts that do not add up is refused: nothing lost silently", async () => {
    const me = await personWithConnection("plaid");
    const queue = recordingQueue();
    const { jobId } = await requestConnectionSync({ ctx: me.ctx, input: { id: me.connectionId }, queue });
    assert.equal(queue.jobs[0]!.kind, "bank");
    await startSyncJob({ ctx: me.ctx, input: { jobId } });
    await rejectsWith(finishSyncJob({ ctx: me.ctx, input: { jobId, counts: counts(10, 8) } }), "VALIDATION");
    await rejectsWith(
      reportSyncProgress({ ctx: me.ctx, input: { jobId, progress: 101, counts: counts(1, 1) } }),
      "VALIDATION",
    );
    assert.equal((await getSyncJob({ ctx: me.ctx, input: { id: jobId } })).status, "running");
  });

  test("a failed job keeps its reason and counts; a good sync later clears needs_attention", async () => {
    const me = await personWithConnection();
    const queue = recordingQueue();
    const first = await requestConnectionSync({ ctx: me.ctx, input: { id: me.connectionId }, queue });
    await startSyncJob({ ctx: me.ctx, input: { jobId: first.jobId } });
    await failSyncJob({
      ctx: me.ctx,
      input: { jobId: first.jobId, error: "AUTHENTICATIONFAILED", counts: counts(3, 3) },
    });
    await markConnectionNeedsAttention({
      ctx: me.ctx,
      input: { connectionId: me.connectionId, reason: "AUTHENTICATIONFAILED" },
    });
    const failed = await getSyncJob({ ctx: me.ctx, input: { id: first.jobId } });
    assert.deepEqual([failed.status, failed.error, failed.inserted], ["failed", "AUTHENTICATIONFAILED", 3]);

    const second = await requestConnectionSync({ ctx: me.ctx, input: { id: me.connectionId }, queue });
    await startSyncJob({ ctx: me.ctx, input: { jobId: second.jobId } });
    await finishSyncJob({ ctx: me.ctx, input: { jobId: second.jobId, counts: counts(0, 0) } });
    const [connection] = await database.db.select().from(connections).where(eq(connections.id, me.connectionId));
    assert.deepEqual([connection!.status, connection!.statusReason], ["active", null]);
  });

  test("a disabled connection is not synced; a queue that refuses leaves the row failed, not queued", async () => {
    const me = await personWithConnection();
    await updateConnection({ ctx: me.ctx, input: { id: me.connectionId, patch: { status: "disabled" } } });
    await rejectsWith(
      requestConnectionSync({ ctx: me.ctx, input: { id: me.connectionId }, queue: recordingQueue() }),
      "CONFLICT",
    );
    await updateConnection({ ctx: me.ctx, input: { id: me.connectionId, patch: { status: "active" } } });
    const broken = {
      enqueue: async () => {
        throw new Error("redis down");
      },
    };
    await rejectsWith(
      requestConnectionSync({ ctx: me.ctx, input: { id: me.connectionId }, queue: broken }),
      "INTERNAL",
    );
    const rows = await database.db.select().from(syncJobs).where(eq(syncJobs.connectionId, me.connectionId));
    assert.deepEqual(
      rows.map((r) => [r.status, r.error]),
      [["failed", "could not be queued"]],
    );
  });

  test("another person's jobs and connections are NOT_FOUND; the list shows only their own", async () => {
    const me = await personWithConnection();
    const other = await personWithConnection();
    const queue = recordingQueue();
    const { jobId } = await requestConnectionSync({ ctx: me.ctx, input: { id: me.connectionId }, queue });
    await rejectsWith(requestConnectionSync({ ctx: other.ctx, input: { id: me.connectionId }, queue }), "NOT_FOUND");
    await rejectsWith(getSyncJob({ ctx: other.ctx, input: { id: jobId } }), "NOT_FOUND");
    await rejectsWith(startSyncJob({ ctx: other.ctx, input: { jobId } }), "NOT_FOUND");
    await rejectsWith(finishSyncJob({ ctx: other.ctx, input: { jobId, counts: counts(0, 0) } }), "NOT_FOUND");
    await rejectsWith(failSyncJob({ ctx: other.ctx, input: { jobId, error: "x" } }), "NOT_FOUND");
    await rejectsWith(
      reportSyncProgress({ ctx: other.ctx, input: { jobId, progress: 1, counts: counts(0, 0) } }),
      "NOT_FOUND",
    );
    assert.deepEqual((await listSyncJobs({ ctx: other.ctx, input: {} })).items, []);
    assert.deepEqual((await listSyncJobs({ ctx: other.ctx, input: { connectionId: me.connectionId } })).items, []);
    assert.equal((await getSyncJob({ ctx: me.ctx, input: { id: jobId } })).status, "queued");
  });

  test("the list pages newest first through every job exactly once, filtered by connection", async () => {
    const me = await personWithConnection();
    const [user] = await database.db.select().from(users).where(eq(users.id, me.ctx.userId));
    const second = await createConnection({
      ctx: me.ctx,
      input: { type: "plaid", name: "Bank", accessToken: "access-sandbox" },
    });
    const queue = recordingQueue();
    const mine: string[] = [];
    for (let i = 0; i < 7; i++) {
      mine.push((await requestConnectionSync({ ctx: me.ctx, input: { id: me.connectionId }, queue })).jobId);
      await requestConnectionSync({ ctx: me.ctx, input: { id: second.id }, queue });
    }
    // Same millisecond for some rows: the id breaks the tie, nothing is skipped or repeated.
    await database.db.update(syncJobs).set({ createdAt: user!.createdAt }).where(eq(syncJobs.id, mine[2]!));
    await database.db.update(syncJobs).set({ createdAt: user!.createdAt }).where(eq(syncJobs.id, mine[3]!));
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await listSyncJobs({ ctx: me.ctx, input: { connectionId: me.connectionId, limit: 3, cursor } });
      seen.push(...page.items.map((j) => j.id));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    assert.equal(pages, 3);
    assert.deepEqual([...seen].sort(), [...mine].sort());
    // PostgreSQL's own order (microsecond timestamps, then id): what the pages must follow.
    const expected = (
      await database.db
        .select({ id: syncJobs.id })
        .from(syncJobs)
        .where(eq(syncJobs.connectionId, me.connectionId))
        .orderBy(desc(syncJobs.createdAt), desc(syncJobs.id))
    ).map((r) => r.id);
    assert.deepEqual(seen, expected);
    assert.equal((await listSyncJobs({ ctx: me.ctx, input: {} })).items.length, 14);
    await rejectsWith(listSyncJobs({ ctx: me.ctx, input: { cursor: "not-a-cursor" } }), "VALIDATION");
  });
});
