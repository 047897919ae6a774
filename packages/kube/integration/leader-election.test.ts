import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type ControlPlane, eventually, startControlPlane } from "@fincoach/testing";
import { CoordinationV1Api } from "@kubernetes/client-node";
import { KubeConnection, KubeHttp, LeaderElector, leaseClient } from "../src/index.ts";

// Short timings so failover fits in a test; ratios as client-go's defaults (15/10/2 s).
const TIMINGS = { leaseDurationMs: 3_000, renewDeadlineMs: 2_000, retryPeriodMs: 500 };

describe("LeaderElector on a real Lease", { timeout: 300_000 }, () => {
  let cp: ControlPlane;
  let n = 0;
  before(async () => {
    cp = await startControlPlane();
  });
  after(async () => {
    await cp?.stop();
  });

  const pair = () => {
    const name = `lease-${++n}`;
    const log: string[] = [];
    const make = (identity: string) =>
      new LeaderElector({
        client: leaseClient(new KubeHttp(KubeConnection.fromFile(cp.kubeconfigPath))),
        namespace: "default",
        name,
        identity,
        ...TIMINGS,
        onStartedLeading: () => {
          log.push(`${identity} leads`);
        },
        onStoppedLeading: () => {
          log.push(`${identity} stops`);
        },
      });
    return { name, log, a: make("a"), b: make("b") };
  };
  const readLease = (name: string) =>
    cp.kubeConfig.makeApiClient(CoordinationV1Api).readNamespacedLease({ namespace: "default", name });

  it("elects one leader of two and keeps renewing the lease", async () => {
    const { name, log, a, b } = pair();
    void a.run();
    void b.run();
    await eventually(() => assert.ok(a.isLeader() || b.isLeader()));
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    assert.notEqual(a.isLeader(), b.isLeader(), "exactly one leads");
    const leader = a.isLeader() ? "a" : "b";
    assert.deepEqual(log, [`${leader} leads`]);
    const first = await readLease(name);
    assert.equal(first.spec?.holderIdentity, leader);
    assert.equal(first.spec?.leaseDurationSeconds, 3);
    await eventually(async () =>
      assert.notEqual(String((await readLease(name)).spec?.renewTime), String(first.spec?.renewTime)),
    );
    await Promise.all([a.stop(), b.stop()]);
  });

  it("fails over within leaseDuration when the leader stops renewing", async () => {
    const { name, log, a, b } = pair();
    void a.run();
    await eventually(() => assert.ok(a.isLeader()));
    void b.run();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    assert.equal(b.isLeader(), false);
    await a.stop({ release: false });
    const stoppedAt = Date.now();
    await eventually(() => assert.ok(b.isLeader()), 15_000);
    const took = Date.now() - stoppedAt;
    // leaseDuration plus one jittered retry, with slack for a busy machine.
    assert.ok(took < TIMINGS.leaseDurationMs + 2.2 * TIMINGS.retryPeriodMs + 3_000, `took ${took} ms`);
    const lease = await readLease(name);
    assert.equal(lease.spec?.holderIdentity, "b");
    assert.equal(lease.spec?.leaseTransitions, 1);
    assert.deepEqual(log, ["a leads", "a stops", "b leads"]);
    await b.stop();
  });

  it("hands over at once after release()", async () => {
    const { name, a, b } = pair();
    void a.run();
    await eventually(() => assert.ok(a.isLeader()));
    void b.run();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await a.release();
    assert.equal((await readLease(name)).spec?.holderIdentity, "");
    const releasedAt = Date.now();
    await eventually(() => assert.ok(b.isLeader()), 15_000);
    const took = Date.now() - releasedAt;
    // One jittered retry period, far below the 3 s lease a crash would cost.
    assert.ok(took < 2.2 * TIMINGS.retryPeriodMs + 1_500, `took ${took} ms, not "at once"`);
    await b.stop();
  });
});
