import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { createTestRedis, type TestRedis } from "@fincoach/testing";
import { publishUserEvent } from "./publish-user-event.ts";
import { readUserEvents } from "./read-user-events.ts";
import { resumePoint } from "./resume-point.ts";
import { compareStreamIds } from "./stream-id.ts";
import { userEventStreamKey } from "./user-event-stream.ts";

let t: TestRedis;
before(async () => {
  t = await createTestRedis();
});
after(() => t.cleanup());

/** A person's stream holding `n` events; their ids, oldest first. */
const streamOf = async (n: number) => {
  const userId = randomUUID();
  const ids: string[] = [];
  for (let i = 1; i <= n; i++) {
    ids.push(await publishUserEvent(t.redis, t.prefix, userId, { type: "transactions.created", data: { count: i } }));
  }
  return { key: userEventStreamKey(t.prefix, userId), ids };
};

describe("resumePoint", () => {
  test("without Last-Event-ID: from the newest entry on, nothing missed", async () => {
    const { key, ids } = await streamOf(3);
    assert.deepEqual(await resumePoint(t.redis, key), { after: ids[2], missed: false });
    assert.deepEqual(await resumePoint(t.redis, `${key}-none`), { after: "0-0", missed: false });
  });

  test("with a retained id: strictly after it, nothing missed", async () => {
    const { key, ids } = await streamOf(5);
    const point = await resumePoint(t.redis, key, ids[1]);
    assert.deepEqual(point, { after: ids[1], missed: false });
    const read = await readUserEvents(t.redis, key, point.after, { blockMs: 1 });
    assert.deepEqual(
      read.map((e) => e.id),
      ids.slice(2),
    );
  });

  test("an id older than what trimming deleted: missed, from now on", async () => {
    const { key, ids } = await streamOf(30);
    await t.redis.xtrim(key, "MAXLEN", 10);
    assert.deepEqual(await resumePoint(t.redis, key, ids[5]), { after: ids[29], missed: true });
    // The oldest entry still held: exact.
    assert.deepEqual(await resumePoint(t.redis, key, ids[20]), { after: ids[20], missed: false });
  });

  test("a stream that expired, or was made again after the id: missed", async () => {
    const { key, ids } = await streamOf(2);
    await t.redis.del(key);
    assert.deepEqual(await resumePoint(t.redis, key, ids[1]), { after: "0-0", missed: true });
    const again = await streamOf(1);
    assert.equal((await resumePoint(t.redis, again.key, ids[0])).missed, true);
  });

  test("0-0 (the id of a stream that did not exist yet): missed only once entries were trimmed", async () => {
    assert.deepEqual(await resumePoint(t.redis, `${t.prefix}nothing`, "0-0"), { after: "0-0", missed: false });
    const { key, ids } = await streamOf(12);
    assert.deepEqual(await resumePoint(t.redis, key, "0-0"), { after: "0-0", missed: false });
    await t.redis.xtrim(key, "MAXLEN", 5);
    assert.deepEqual(await resumePoint(t.redis, key, "0-0"), { after: ids[11], missed: true });
  });

  test("an id newer than any the stream made: missed, from the newest entry", async () => {
    const { key, ids } = await streamOf(1);
    assert.deepEqual(await resumePoint(t.redis, key, "99999999999999-0"), { after: ids[0], missed: true });
  });
});

test("compareStreamIds orders numerically, beyond 2^53", () => {
  assert.equal(compareStreamIds("9-0", "10-0"), -1);
  assert.equal(compareStreamIds("10-2", "10-10"), -1);
  assert.equal(compareStreamIds("18446744073709551615-1", "18446744073709551615-0"), 1);
  assert.equal(compareStreamIds("5-5", "5-5"), 0);
});
