import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { users } from "@fincoach/db";
import { signAccessToken } from "@fincoach/domain";
import { publishUserEvent, type UserEvent, userEventStreamKey } from "@fincoach/events";
import {
  createTestDatabase,
  createTestRedis,
  eventually,
  TEST_REDIS_URL,
  type TestDatabase,
  type TestRedis,
} from "@fincoach/testing";
import { openSse, type SseClient } from "./sse-test-client.ts";
import { type ApiProcess, startApiProcess } from "./start-api-process.ts";

const JWT_SECRET = "test-secret-test-secret-test-secret!";
const MAX_STREAMS = 3;

let database: TestDatabase;
let redis: TestRedis;
let api1: ApiProcess;
let api2: ApiProcess;
const clients: SseClient[] = [];

before(async () => {
  [database, redis] = await Promise.all([createTestDatabase(), createTestRedis()]);
  const env = {
    DATABASE_URL: database.url,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: redis.prefix,
    JWT_SECRET,
    EVENTS_MAX_STREAMS_PER_PERSON: String(MAX_STREAMS),
    EVENTS_HEARTBEAT_SECONDS: "1",
  };
  // One at a time: two cold starts at once on a 2-core machine only slow each other down.
  api1 = await startApiProcess(env);
  api2 = await startApiProcess(env);
});

after(async () => {
  for (const c of clients) c.close();
  const codes = await Promise.all([api1?.stop(), api2?.stop()]);
  await Promise.all([database?.drop(), redis?.cleanup()]);
  assert.deepEqual(codes, [0, 0], "both processes shut down cleanly");
});

/** A person in the database with an access token. */
const person = async () => {
  const [user] = await database.db
    .insert(users)
    .values({ email: `e${randomUUID()}@example.com`, passwordHash: "x" })
    .returning();
  return { id: user!.id, token: await signAccessToken(JWT_SECRET, user!.id, 900) };
};

const connect = async (api: ApiProcess, token?: string, lastEventId?: string) => {
  const c = await openSse(`${api.url}/v1/events`, { token, lastEventId });
  clients.push(c);
  return c;
};

let n = 0;
/** Publishes a distinguishable event for the person, as the worker does; its stream id. */
const publish = (userId: string): Promise<string> => {
  n += 1;
  const event: UserEvent = { type: "transactions.created", data: { count: n } };
  return publishUserEvent(redis.redis, redis.prefix, userId, event);
};

const counts = (c: SseClient) => c.events.filter((e) => e.event !== "reset").map((e) => JSON.parse(e.data).count);

/** Redis connections whose name says they hold this person's event stream. */
const readerConnections = async (userId: string): Promise<number> => {
  const list = (await redis.redis.client("LIST")) as string;
  return list.split("\n").filter((line) => line.includes(`name=fincoach-events:${userId} `)).length;
};

describe("GET /v1/events across two API processes", () => {
  test("an event published while connected to API #1 arrives, with its stream id, name and payload", async () => {
    const p = await person();
    const c = await connect(api1, p.token);
    assert.equal(c.status, 200);
    assert.match(c.headers.get("content-type") ?? "", /^text\/event-stream/);
    assert.equal(c.headers.get("cache-control"), "no-store");
    const id = await publish(p.id);
    const [e] = await c.waitFor(1);
    assert.deepEqual(
      { id: e!.id, event: e!.event, data: JSON.parse(e!.data) },
      {
        id,
        event: "transactions.created",
        data: { count: n },
      },
    );
  });

  test("reconnecting to API #2 with Last-Event-ID gets exactly the missed events, in order, then live ones", async () => {
    const p = await person();
    const first = await connect(api1, p.token);
    const seen = await publish(p.id);
    await first.waitFor(1);
    first.close();
    const missed = [await publish(p.id), await publish(p.id), await publish(p.id)];
    const again = await connect(api2, p.token, seen);
    assert.equal(again.status, 200);
    assert.deepEqual(
      (await again.waitFor(3)).map((e) => e.id),
      missed,
    );
    const live = await publish(p.id);
    const all = await again.waitFor(4);
    assert.deepEqual(
      all.map((e) => e.id),
      [...missed, live],
      "no duplicates: the live event follows the missed ones",
    );
    assert.deepEqual(counts(again), [n - 3, n - 2, n - 1, n]);
  });

  test("person A never receives person B's events, on either process", async () => {
    const [a, b] = [await person(), await person()];
    const a1 = await connect(api1, a.token);
    const a2 = await connect(api2, a.token);
    const b1 = await connect(api1, b.token);
    await publish(b.id);
    await publish(b.id);
    const mine = await publish(a.id);
    await b1.waitFor(2);
    for (const c of [a1, a2]) {
      assert.deepEqual(
        (await c.waitFor(1)).map((e) => e.id),
        [mine],
      );
    }
    // B's ids as A's Last-Event-ID index A's own stream only.
    const resumed = await connect(api2, a.token, b1.events[0]!.id);
    await publish(a.id);
    const got = await resumed.waitFor(1);
    assert.ok(
      got.every((e) => e.event === "reset" || !b1.events.some((be) => be.id === e.id)),
      JSON.stringify(got),
    );
    assert.equal(b1.events.length, 2, "B got only B's events");
  });

  test("a Last-Event-ID older than the backlog gets a `reset` first, then only new events", async () => {
    const p = await person();
    const old = await publish(p.id);
    for (let i = 0; i < 5; i++) await publish(p.id);
    await redis.redis.xtrim(userEventStreamKey(redis.prefix, p.id), "MAXLEN", 2);
    const tip = await publish(p.id);
    const c = await connect(api2, p.token, old);
    const [reset] = await c.waitFor(1);
    assert.equal(reset!.event, "reset");
    assert.deepEqual(JSON.parse(reset!.data), { reason: "missed" });
    assert.equal(reset!.id, tip, "the reset carries the newest id: reconnecting after it resumes from there");
    const live = await publish(p.id);
    assert.deepEqual(
      (await c.waitFor(2)).map((e) => e.id),
      [tip, live],
    );
  });

  test("an idle stream gets heartbeat comments", async () => {
    const p = await person();
    const c = await connect(api1, p.token);
    await eventually(() => assert.ok(c.comments.includes(" heartbeat") || c.comments.includes("heartbeat")), 15_000);
    assert.equal(c.events.length, 0);
  });

  test("no token, a bad token, or a malformed Last-Event-ID: problem+json, and no stream", async () => {
    const p = await person();
    for (const [token, lastEventId, status] of [
      [undefined, undefined, 401],
      ["not-a-token", undefined, 401],
      [p.token, "12345", 400],
      [p.token, "1-2; id: 3-4", 400],
    ] as const) {
      const c = await openSse(`${api1.url}/v1/events`, { token, lastEventId });
      assert.equal(c.status, status, `${token?.slice(0, 6)} ${lastEventId}`);
      assert.match(c.headers.get("content-type") ?? "", /^application\/problem\+json/);
    }
    assert.equal(await readerConnections(p.id), 0);
  });

  test("one Redis connection per open stream, closed when the client hangs up; at most N streams per person", async () => {
    const p = await person();
    const open = [];
    for (let i = 0; i < MAX_STREAMS; i++) open.push(await connect(api1, p.token));
    await eventually(async () => assert.equal(await readerConnections(p.id), MAX_STREAMS));
    const refused = await connect(api1, p.token);
    assert.equal(refused.status, 429);
    assert.equal(((await refused.json()) as { code: string }).code, "LIMIT_EXCEEDED");
    // The cap is this process's: another replica has its own.
    const elsewhere = await connect(api2, p.token);
    assert.equal(elsewhere.status, 200);
    for (const c of [...open, elsewhere]) c.close();
    await eventually(async () => assert.equal(await readerConnections(p.id), 0));
    const afterwards = await connect(api1, p.token);
    assert.equal(afterwards.status, 200, "hanging up gave the slots back");
    afterwards.close();
    await eventually(async () => assert.equal(await readerConnections(p.id), 0));
  });
});
