import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { createTestRedis, type TestRedis } from "@fincoach/testing";
import type { Redis } from "ioredis";
import { createRateLimiter, type RateLimiterOptions } from "./create-rate-limiter.ts";

let r: TestRedis;
before(async () => {
  r = await createTestRedis();
});
after(() => r.cleanup());

const limiter = (o: Partial<RateLimiterOptions> = {}) =>
  createRateLimiter({ redis: r.redis, keyPrefix: r.prefix, name: "t", max: 3, windowSeconds: 60, ...o });

describe("rate limiter: construction", () => {
  test("throws on misconfiguration, naming the option", () => {
    const bad: Array<[Partial<RateLimiterOptions>, RegExp]> = [
      [{ max: 0 }, /max/],
      [{ max: 1.5 }, /max/],
      [{ windowSeconds: 0 }, /windowSeconds/],
      [{ windowSeconds: Number.NaN }, /windowSeconds/],
      [{ name: "" }, /name/],
      [{ name: "has space" }, /name/],
      [{ redis: undefined as unknown as Redis }, /redis/],
    ];
    for (const [o, message] of bad) assert.throws(() => limiter(o), message, JSON.stringify(o));
  });
});

describe("rate limiter: counting", () => {
  test("allows `max` hits, then denies with a retry-after of at most two windows", async () => {
    const l = limiter({ name: "count", windowSeconds: 30 });
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await l.hit("a"));
    assert.deepEqual(
      results.map((x) => x.allowed),
      [true, true, true, false],
    );
    assert.deepEqual(
      results.slice(0, 3).map((x) => x.remaining),
      [2, 1, 0],
    );
    const denied = results[3]!;
    // A full current window must end, then its weight decay: up to two windows.
    assert.ok(denied.retryAfterSeconds >= 1 && denied.retryAfterSeconds <= 60, String(denied.retryAfterSeconds));
    assert.equal((await l.hit("b")).allowed, true, "another id has its own budget");
  });

  test("denied hits don't consume budget, and the limit lifts after retry-after", async () => {
    const l = limiter({ name: "recover", max: 2, windowSeconds: 1 });
    await l.hit("x");
    await l.hit("x");
    const denied = await l.hit("x");
    assert.equal(denied.allowed, false);
    for (let i = 0; i < 5; i++) assert.equal((await l.hit("x")).allowed, false);
    await sleep(denied.retryAfterSeconds * 1000 + 50);
    assert.equal((await l.hit("x")).allowed, true);
  });

  test("sliding: a full window still counts just after the boundary (no 2x burst)", async () => {
    const l = limiter({ name: "boundary", max: 2, windowSeconds: 1 });
    const untilNextSecond = () => 1000 - (Date.now() % 1000);
    await sleep(untilNextSecond() + 20); // Redis TIME and Date.now() share this machine's clock
    await l.hit("s");
    await l.hit("s");
    await sleep(untilNextSecond() + 20);
    assert.equal((await l.hit("s")).allowed, false, "a fixed window would allow this");
  });

  test("is atomic: of 50 concurrent hits exactly `max` pass", async () => {
    const l = limiter({ name: "race", max: 10 });
    const results = await Promise.all(Array.from({ length: 50 }, () => l.hit("same")));
    assert.equal(results.filter((x) => x.allowed).length, 10);
  });

  test("keys live under the prefix and expire", async () => {
    await limiter({ name: "keys" }).hit("k");
    const ttl = await r.redis.pttl(`${r.prefix}ratelimit:keys:k`);
    assert.ok(ttl > 0 && ttl <= 120_000, String(ttl));
  });

  test("reloads the script when the server's cache lost it (NOSCRIPT)", async () => {
    const forgetful = {
      evalsha: () => Promise.reject(new Error("NOSCRIPT No matching script. Please use EVAL.")),
      eval: r.redis.eval.bind(r.redis),
    } as unknown as Redis;
    const l = limiter({ redis: forgetful, name: "noscript", max: 1 });
    assert.equal((await l.hit("n")).allowed, true);
    assert.equal((await l.hit("n")).allowed, false);
  });
});
