import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { exponentialBackoff } from "./backoff.ts";
import { FakeClock } from "./fake-clock.ts";
import { WorkQueue } from "./work-queue.ts";

const newQueue = (clock = new FakeClock(), options: { qps?: number; burst?: number } = {}) =>
  new WorkQueue({
    clock,
    backoff: exponentialBackoff({ baseMs: 100, maxMs: 1_000 }),
    qps: options.qps ?? 1_000,
    burst: options.burst ?? 1_000,
  });

describe("WorkQueue: dedupe and exclusivity", () => {
  it("hands out a key added many times once", async () => {
    const queue = newQueue();
    for (let i = 0; i < 5; i++) queue.add("a");
    queue.add("b");
    assert.equal(queue.len(), 2);
    assert.equal(await queue.get(), "a");
    assert.equal(await queue.get(), "b");
    assert.equal(queue.len(), 0);
  });

  it("never hands a key being processed to a second worker; a re-add runs after done", async () => {
    const queue = newQueue();
    queue.add("a");
    const first = await queue.get();
    queue.add("a");
    assert.equal(queue.len(), 0, "held back while processing");
    queue.add("b");
    assert.equal(await queue.get(), "b");
    queue.done(first as string);
    assert.equal(await queue.get(), "a");
  });

  it("runs one reconcile per key at a time across workers, and processes every key", async () => {
    const queue = newQueue();
    const active = new Set<string>();
    const seen: string[] = [];
    let overlaps = 0;
    const workers = queue.runWorkers(4, async (key) => {
      if (active.has(key)) overlaps++;
      active.add(key);
      seen.push(key);
      await new Promise((resolve) => setTimeout(resolve, 2));
      active.delete(key);
    });
    for (let round = 0; round < 20; round++) {
      for (const key of ["a", "b", "c"]) queue.add(key);
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    await new Promise((resolve) => setTimeout(resolve, 30));
    queue.shutDown();
    await workers;
    assert.equal(overlaps, 0);
    for (const key of ["a", "b", "c"]) assert.ok(seen.includes(key));
  });
});

describe("WorkQueue: delays and backoff", () => {
  it("addAfter queues when the delay passes, keeping the earliest of two delays", async () => {
    const clock = new FakeClock();
    const queue = newQueue(clock);
    queue.addAfter("a", 500);
    queue.addAfter("a", 200);
    queue.addAfter("a", 900);
    await clock.advance(199);
    assert.equal(queue.len(), 0);
    await clock.advance(1);
    assert.equal(queue.len(), 1);
    await clock.advance(1_000);
    assert.equal(queue.len(), 1, "the later timers were dropped");
  });

  it("waits for any number of delayed keys with one timer, releasing each at its time", async () => {
    const clock = new FakeClock();
    const queue = newQueue(clock);
    const delays = Array.from({ length: 1_000 }, (_, i) => ((i * 7919) % 1_000) + 1);
    delays.forEach((ms, i) => {
      queue.addAfter(`k${i}`, ms);
    });
    assert.equal(clock.pending(), 1);
    const start = clock.now();
    for (const t of [1, 250, 500, 1_000]) {
      await clock.advance(start + t - clock.now());
      assert.equal(queue.len(), delays.filter((ms) => ms <= t).length, `due by ${t} ms`);
    }
    assert.equal(clock.pending(), 0);
  });

  it("reaches a key due in more than 2^31 - 1 ms (Node's timer limit) at its time", async () => {
    const clock = new FakeClock();
    const queue = newQueue(clock);
    const year = 365 * 86_400_000;
    queue.addAfter("yearly", year);
    await clock.advance(2 ** 31);
    assert.equal(queue.len(), 0);
    await clock.advance(year - 2 ** 31 - 1);
    assert.equal(queue.len(), 0);
    await clock.advance(1);
    assert.equal(queue.len(), 1);
  });

  it("backs off per key exponentially up to the cap, and forget resets it", async () => {
    const clock = new FakeClock();
    const queue = newQueue(clock);
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      const start = clock.now();
      queue.addRateLimited("a");
      while (queue.len() === 0 && clock.now() - start < 60_000) await clock.advance(10);
      delays.push(clock.now() - start);
      queue.done((await queue.get()) as string);
    }
    assert.deepEqual(delays, [100, 200, 400, 800, 1_000, 1_000]);
    assert.equal(queue.numRequeues("a"), 6);
    queue.forget("a");
    assert.equal(queue.numRequeues("a"), 0);
  });

  it("caps the overall retry rate with a token bucket shared by all keys", async () => {
    const clock = new FakeClock();
    const queue = new WorkQueue({ clock, backoff: () => 0, qps: 10, burst: 2 });
    for (const key of ["a", "b", "c", "d"]) queue.addRateLimited(key);
    await clock.advance(0);
    assert.equal(queue.len(), 2, "the burst goes at once");
    await clock.advance(100);
    assert.equal(queue.len(), 3, "then one per 100 ms");
    await clock.advance(100);
    assert.equal(queue.len(), 4);
  });
});

describe("WorkQueue: runWorkers results", () => {
  it("requeues after requeueAfterMs, retries throws with backoff and forgets successes", async () => {
    const clock = new FakeClock();
    const queue = newQueue(clock);
    const calls: Array<[string, number]> = [];
    let failures = 2;
    const workers = queue.runWorkers(1, async (key) => {
      calls.push([key, clock.now()]);
      if (key === "fails" && failures-- > 0) throw new Error("boom");
      if (key === "periodic" && calls.filter(([k]) => k === key).length < 2) return { requeueAfterMs: 5_000 };
      return undefined;
    });
    const t0 = clock.now();
    queue.add("fails");
    queue.add("periodic");
    await clock.advance(10_000);
    queue.shutDown();
    await workers;
    const at = (key: string) => calls.filter(([k]) => k === key).map(([, t]) => t - t0);
    assert.deepEqual(at("fails"), [0, 100, 300]);
    assert.deepEqual(at("periodic"), [0, 5_000]);
    assert.equal(queue.numRequeues("fails"), 0, "forgotten after the success");
  });

  it("reports metrics hooks", async () => {
    const clock = new FakeClock();
    const events: string[] = [];
    const queue = new WorkQueue({
      clock,
      metrics: {
        add: () => events.push("add"),
        retry: () => events.push("retry"),
        depth: (n) => events.push(`depth:${n}`),
        workDuration: () => events.push("work"),
      },
    });
    queue.add("a");
    queue.addRateLimited("b");
    const key = await queue.get();
    queue.done(key as string);
    assert.deepEqual(events, ["add", "depth:1", "retry", "depth:0"]);
  });
});

describe("WorkQueue: shutdown", () => {
  it("ignores adds, cancels delayed adds and releases waiting workers", async () => {
    const clock = new FakeClock();
    const queue = newQueue(clock);
    const waiting = queue.get();
    queue.addAfter("later", 1_000);
    queue.shutDown();
    assert.equal(await waiting, undefined);
    queue.add("a");
    await clock.advance(2_000);
    assert.equal(queue.len(), 0);
    assert.equal(clock.pending(), 0);
  });

  it("with drain, finishes queued and in-flight keys before resolving", async () => {
    const queue = newQueue();
    const done: string[] = [];
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const workers = queue.runWorkers(1, async (key) => {
      if (key === "a") await gate;
      done.push(key);
    });
    queue.add("a");
    queue.add("b");
    await new Promise((resolve) => setImmediate(resolve));
    const drained = queue.shutDownWithDrain();
    queue.add("c");
    release();
    await drained;
    await workers;
    assert.deepEqual(done, ["a", "b"]);
  });
});
