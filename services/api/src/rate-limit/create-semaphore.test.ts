import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { isAppError } from "@fincoach/errors";
import { createSemaphore, type SemaphoreOptions } from "./create-semaphore.ts";

const semaphore = (o: Partial<SemaphoreOptions> = {}) =>
  createSemaphore({ name: "hashing", permits: 1, maxQueue: 0, maxWaitMs: 60_000, ...o });

const isBusy = (why: RegExp) => (e: unknown) =>
  isAppError(e) && e.code === "LIMIT_EXCEEDED" && why.test(e.message) && (e.retryAfterSeconds ?? 0) >= 1;

describe("semaphore", () => {
  test("throws on misconfiguration, naming the option", () => {
    const bad: Array<[Partial<SemaphoreOptions>, RegExp]> = [
      [{ permits: 0 }, /permits/],
      [{ permits: 1.5 }, /permits/],
      [{ maxQueue: -1 }, /maxQueue/],
      [{ maxWaitMs: 0 }, /maxWaitMs/],
      [{ name: "" }, /name/],
    ];
    for (const [o, message] of bad) assert.throws(() => semaphore(o), message, JSON.stringify(o));
  });

  test("no free permit and no room in line: refused at once with a retry-after", async () => {
    const s = semaphore({ permits: 1, maxQueue: 0, maxWaitMs: 2500 });
    const release = await s.acquire();
    await assert.rejects(
      s.acquire(),
      (e) => isBusy(/too many waiting/)(e) && (e as { retryAfterSeconds: number }).retryAfterSeconds === 3,
    );
    release();
    release(); // twice is harmless: it must not free a second permit
    assert.deepEqual(s.load(), { active: 0, waiting: 0 });
    const again = await s.acquire();
    assert.deepEqual(s.load(), { active: 1, waiting: 0 });
    again();
  });

  test("waiters get the permit in order as it is released, never more than `permits` at once", async () => {
    const s = semaphore({ permits: 2, maxQueue: 10 });
    let running = 0;
    let most = 0;
    const order: number[] = [];
    const gates = Array.from({ length: 6 }, () => Promise.withResolvers<void>());
    const runs = gates.map((g, i) =>
      s.run(async () => {
        running++;
        most = Math.max(most, running);
        order.push(i);
        await g.promise;
        running--;
      }),
    );
    assert.deepEqual(s.load(), { active: 2, waiting: 4 });
    for (const g of gates) g.resolve();
    await Promise.all(runs);
    assert.equal(most, 2);
    assert.deepEqual(order, [0, 1, 2, 3, 4, 5]);
    assert.deepEqual(s.load(), { active: 0, waiting: 0 });
  });

  test("a waiter whose wait runs out is refused and leaves the line", async () => {
    const s = semaphore({ permits: 1, maxQueue: 1, maxWaitMs: 20 });
    const release = await s.acquire();
    await assert.rejects(s.acquire(), isBusy(/waited too long/));
    assert.deepEqual(s.load(), { active: 1, waiting: 0 });
    release();
    assert.deepEqual(s.load(), { active: 0, waiting: 0 });
  });

  test("a task that throws gives its permit back", async () => {
    const s = semaphore();
    await assert.rejects(
      s.run(async () => {
        throw new Error("boom");
      }),
      /boom/,
    );
    assert.equal(await s.run(async () => 42), 42);
  });
});
