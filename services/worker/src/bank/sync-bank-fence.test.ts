import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { getSyncJob, requestConnectionSync } from "@fincoach/domain";
import { createTestDatabase, type PlaidStandIn, startPlaidStandIn, type TestDatabase } from "@fincoach/testing";
import { SyncSuperseded } from "../sync-fence.ts";
import { assertBankFeedTotals, seedBankFeed } from "../test-support/bank-sync-fixture.ts";
import { keyring } from "../test-support/sync-fixture.ts";
import { createBankJobStore } from "./bank-job-store.ts";
import { createPlaidFeed } from "./plaid-feed.ts";
import { syncBank } from "./sync-bank.ts";

const N = 2_000;
let database: TestDatabase;
let plaid: PlaidStandIn;

before(async () => {
  [database, plaid] = await Promise.all([createTestDatabase(), startPlaidStandIn()]);
});
after(async () => {
  await Promise.allSettled([plaid?.stop(), database?.drop()]);
});

test("two attempts of one bank sync at once (a stale one whose lock was lost elsewhere): each page is committed once, the counts are exact, the overtaken attempt stops without failing the job", async () => {
  const { user, ctx, connection } = await seedBankFeed(database.db, plaid, N, "f");
  const { jobId } = await requestConnectionSync({
    ctx,
    input: { id: connection.id },
    queue: { enqueue: async () => {} },
  });
  const deps = {
    store: createBankJobStore({ db: database.db, keyring }),
    feed: createPlaidFeed({ baseUrl: plaid.url, clientId: plaid.clientId, secret: plaid.secret }),
  };
  const payload = { userId: user.id, jobId, connectionId: connection.id, trace: {} };
  // 20 pages, each answered after 20 ms: the two attempts' fetches and commits interleave.
  plaid.latencyMs = 20;
  try {
    // Both believe they hold the job's last attempt: an overtaken one must still not fail it.
    const outcomes = await Promise.allSettled(
      [0, 1].map(() => syncBank(payload, deps, { lastAttempt: true, pageSize: 100 })),
    );
    const counts = { processed: N, inserted: N, duplicates: 0, skipped: 0, failed: 0 };
    for (const o of outcomes) {
      if (o.status === "fulfilled") assert.deepEqual(o.value, counts);
      else assert.ok(o.reason instanceof SyncSuperseded, String(o.reason));
    }
    assert.ok(
      outcomes.some((o) => o.status === "fulfilled"),
      "neither attempt completed",
    );
    const job = await getSyncJob({ ctx, input: { id: jobId } });
    assert.deepEqual(
      [job.status, job.processed, job.inserted, job.duplicates, job.skipped, job.failed, job.error],
      ["completed", N, N, 0, 0, 0, null],
    );
    await assertBankFeedTotals(database.db, user.id, N);

    // A third attempt after the job completed (BullMQ re-running it): the stored result, nothing written.
    assert.deepEqual(await syncBank(payload, deps, { lastAttempt: true, pageSize: 100 }), counts);
  } finally {
    plaid.latencyMs = 0;
  }
});
