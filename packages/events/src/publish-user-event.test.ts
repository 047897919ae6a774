import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { createTestRedis, type TestRedis } from "@fincoach/testing";
import { publishUserEvent } from "./publish-user-event.ts";
import { readUserEvents } from "./read-user-events.ts";
import type { UserEvent } from "./user-event.ts";
import { BACKLOG_MAX_LENGTH, BACKLOG_TTL_SECONDS, userEventStreamKey } from "./user-event-stream.ts";

let t: TestRedis;
before(async () => {
  t = await createTestRedis();
});
after(() => t.cleanup());

const counts = { processed: 3, inserted: 2, duplicates: 1, skipped: 0, failed: 0 };

describe("publishUserEvent", () => {
  test("appends to the person's own stream, with an expiry; the reader gets name, payload and id", async () => {
    const [alice, bob] = [randomUUID(), randomUUID()];
    const event: UserEvent = {
      type: "sync.progress",
      data: { syncJobId: randomUUID(), connectionId: null, progress: 40, counts },
    };
    const id = await publishUserEvent(t.redis, t.prefix, alice, event);
    const key = userEventStreamKey(t.prefix, alice);
    assert.deepEqual(await readUserEvents(t.redis, key, "0-0", { blockMs: 1 }), [
      { id, type: "sync.progress", data: JSON.stringify(event.data) },
    ]);
    assert.deepEqual(await readUserEvents(t.redis, userEventStreamKey(t.prefix, bob), "0-0", { blockMs: 1 }), []);
    const ttl = await t.redis.ttl(key);
    assert.ok(ttl > BACKLOG_TTL_SECONDS - 60 && ttl <= BACKLOG_TTL_SECONDS, String(ttl));
  });

  test("a payload its schema refuses (or an unknown name) stores nothing", async () => {
    const userId = randomUUID();
    const bad = [
      { type: "transactions.created", data: { count: 0 } },
      { type: "transactions.created", data: { count: 1, amount: "12.00" } },
      { type: "sync.failed", data: { syncJobId: "not-a-uuid", connectionId: null, error: "x" } },
      { type: "account.deleted", data: {} },
    ];
    for (const event of bad) {
      await assert.rejects(publishUserEvent(t.redis, t.prefix, userId, event as UserEvent), JSON.stringify(event));
    }
    assert.equal(await t.redis.exists(userEventStreamKey(t.prefix, userId)), 0);
  });

  test("the backlog is capped near BACKLOG_MAX_LENGTH entries, newest kept", async () => {
    const userId = randomUUID();
    const key = userEventStreamKey(t.prefix, userId);
    let last = "";
    const total = BACKLOG_MAX_LENGTH * 2;
    for (let i = 1; i <= total; i++) {
      last = await publishUserEvent(t.redis, t.prefix, userId, { type: "transactions.created", data: { count: i } });
    }
    const length = await t.redis.xlen(key);
    // `MAXLEN ~` trims whole radix-tree nodes (100 entries by default): at most one node over.
    assert.ok(length >= BACKLOG_MAX_LENGTH && length <= BACKLOG_MAX_LENGTH + 100, String(length));
    const [[newest]] = (await t.redis.xrevrange(key, "+", "-", "COUNT", 1)) as [[string, string[]]];
    assert.equal(newest, last);
  });
});
