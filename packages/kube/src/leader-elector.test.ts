import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { FakeClock } from "./fake-clock.ts";
import { LeaderElector } from "./leader-elector.ts";
import type { LeaseClient } from "./lease-client.ts";
import type { Lease } from "./lease-spec.ts";

const apiError = (code: number, reason: string) =>
  Object.assign(new Error(reason), { code, body: JSON.stringify({ code, reason }) });

/** An apiserver's Lease storage in memory: resourceVersion checks included. */
const memoryLeases = () => {
  let stored: Lease | undefined;
  let version = 0;
  const state = { broken: false };
  const client: LeaseClient = {
    async get() {
      if (state.broken) throw apiError(503, "ServiceUnavailable");
      return stored && structuredClone(stored);
    },
    async create(lease) {
      if (state.broken) throw apiError(503, "ServiceUnavailable");
      if (stored) throw apiError(409, "AlreadyExists");
      stored = { ...structuredClone(lease), metadata: { ...lease.metadata, resourceVersion: String(++version) } };
      return structuredClone(stored);
    },
    async replace(lease) {
      if (state.broken) throw apiError(503, "ServiceUnavailable");
      if (lease.metadata?.resourceVersion !== stored?.metadata?.resourceVersion) throw apiError(409, "Conflict");
      stored = {
        ...JSON.parse(JSON.stringify(lease)),
        metadata: { ...lease.metadata, resourceVersion: String(++version) },
      };
      return structuredClone(stored as Lease);
    },
  };
  return { client, state, lease: () => stored };
};

const setup = () => {
  const clock = new FakeClock();
  const store = memoryLeases();
  const log: string[] = [];
  const elector = (identity: string, client = store.client) =>
    new LeaderElector({
      client,
      namespace: "ns",
      name: "operator",
      identity,
      leaseDurationMs: 15_000,
      renewDeadlineMs: 10_000,
      retryPeriodMs: 2_000,
      clock,
      random: () => 0,
      onStartedLeading: () => {
        log.push(`${identity} started`);
      },
      onStoppedLeading: (reason) => {
        log.push(reason === "lost" ? `${identity} lost` : `${identity} stopped`);
      },
    });
  return { clock, store, log, elector };
};

describe("LeaderElector", () => {
  it("lets exactly one of two candidates lead and records the lease", async () => {
    const { clock, store, log, elector } = setup();
    const a = elector("a");
    const b = elector("b");
    void a.run();
    await clock.advance(0);
    void b.run();
    await clock.advance(30_000);
    assert.equal(a.isLeader(), true);
    assert.equal(b.isLeader(), false);
    assert.equal(b.getLeader(), "a");
    assert.deepEqual(log, ["a started"]);
    const spec = store.lease()?.spec;
    assert.equal(spec?.holderIdentity, "a");
    assert.equal(spec?.leaseDurationSeconds, 15);
    assert.equal(spec?.leaseTransitions, 0);
    assert.match(String(spec?.renewTime), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    await Promise.all([a.stop(), b.stop()]);
  });

  it("hands over to the standby within leaseDuration after the leader stops renewing", async () => {
    const { clock, store, log, elector } = setup();
    const a = elector("a");
    const b = elector("b");
    void a.run();
    await clock.advance(0);
    void b.run();
    await clock.advance(10_000);
    await a.stop({ release: false });
    const stoppedAt = clock.now();
    // Bounded in fake time: an elector that never took over fails the assertions below, not the suite.
    while (!b.isLeader() && clock.now() - stoppedAt < 60_000) await clock.advance(500);
    const took = clock.now() - stoppedAt;
    assert.ok(took <= 15_000 + 2_000, `took ${took} ms`);
    assert.ok(took >= 15_000 - 2_000, `took ${took} ms: too early, the lease was still valid`);
    assert.equal(store.lease()?.spec?.leaseTransitions, 1);
    assert.deepEqual(log, ["a started", "a stopped", "b started"]);
    await b.stop();
  });

  it("hands over at once (one retry period) after release()", async () => {
    const { clock, store, elector } = setup();
    const a = elector("a");
    const b = elector("b");
    void a.run();
    await clock.advance(0);
    void b.run();
    await clock.advance(10_000);
    await a.release();
    assert.equal(store.lease()?.spec?.holderIdentity, "");
    const releasedAt = clock.now();
    while (!b.isLeader() && clock.now() - releasedAt < 60_000) await clock.advance(100);
    assert.ok(clock.now() - releasedAt <= 2_000, `took ${clock.now() - releasedAt} ms`);
    await b.stop();
  });

  it("steps down when it cannot renew within renewDeadline, and leads again once it can", async () => {
    const { clock, store, log, elector } = setup();
    const a = elector("a");
    void a.run();
    await clock.advance(0);
    assert.equal(a.isLeader(), true);
    store.state.broken = true;
    await clock.advance(9_000);
    assert.equal(a.isLeader(), true, "still within the renew deadline");
    await clock.advance(4_000);
    assert.equal(a.isLeader(), false);
    store.state.broken = false;
    await clock.advance(5_000);
    assert.equal(a.isLeader(), true, "its own lease is taken back");
    assert.deepEqual(log, ["a started", "a lost", "a started"]);
    await a.stop();
    assert.deepEqual(log, ["a started", "a lost", "a started", "a stopped"]);
  });

  it("a leader that finds another holder on the lease steps down instead of overwriting them", async () => {
    const { clock, store, log, elector } = setup();
    const a = elector("a");
    void a.run();
    await clock.advance(0);
    // Another holder writes over a's head (a partition healed, an admin's edit).
    const taken = store.lease() as Lease;
    const usurped = { ...taken, spec: { ...taken.spec, holderIdentity: "b", leaseDurationSeconds: 3600 } };
    await store.client.replace(usurped);
    await clock.advance(15_000);
    assert.equal(a.isLeader(), false);
    assert.equal(store.lease()?.spec?.holderIdentity, "b");
    assert.deepEqual(log, ["a started", "a lost"]);
    await a.stop();
    assert.equal(store.lease()?.spec?.holderIdentity, "b", "not released either: it is not a's");
  });

  it("keeps leading through a wall-clock jump: renewals are timed on the monotonic clock", async () => {
    const { clock, log, elector } = setup();
    const a = elector("a");
    void a.run();
    await clock.advance(0);
    clock.jumpWallClock(3_600_000);
    await clock.advance(30_000);
    assert.equal(a.isLeader(), true);
    assert.deepEqual(log, ["a started"]);
    await a.stop();
  });

  it("takes a dead leader's lease after leaseDuration even when the wall clock steps back", async () => {
    const { clock, elector } = setup();
    const a = elector("a");
    const b = elector("b");
    void a.run();
    await clock.advance(0);
    void b.run();
    await clock.advance(10_000);
    await a.stop({ release: false });
    const stoppedAt = clock.monotonic();
    clock.jumpWallClock(-3_600_000);
    while (!b.isLeader() && clock.monotonic() - stoppedAt < 60_000) await clock.advance(500);
    assert.equal(b.isLeader(), true);
    assert.ok(clock.monotonic() - stoppedAt <= 15_000 + 2_000, `took ${clock.monotonic() - stoppedAt} ms`);
    await b.stop();
  });

  it("rejects timings that cannot work", () => {
    const { store } = setup();
    const base = { client: store.client, namespace: "ns", name: "l", identity: "x" };
    assert.throws(
      () => new LeaderElector({ ...base, leaseDurationMs: 5_000, renewDeadlineMs: 5_000 }),
      /leaseDuration/,
    );
    assert.throws(() => new LeaderElector({ ...base, renewDeadlineMs: 2_000, retryPeriodMs: 2_000 }), /renewDeadline/);
  });
});
