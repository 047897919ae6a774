import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { API_VERSION as API, type SyncSchedule } from "@fincoach/crds";
import { freePort } from "@fincoach/testing";
import type { V1Lease } from "@kubernetes/client-node";
import {
  eventually,
  MAIN_PATH,
  OPERATOR_NAMESPACE,
  type OperatorCluster,
  read,
  startOperatorCluster,
  testEnv,
} from "./harness.ts";

const NS = "failover";

type Replica = { name: string; child: ChildProcess; port: number; exited: Promise<number | null> };

describe("leader election between two operator processes", { timeout: 600_000 }, () => {
  let cluster: OperatorCluster;
  const replicas = new Map<string, Replica>();

  const startReplica = async (name: string): Promise<Replica> => {
    const port = await freePort();
    const env = {
      ...process.env,
      ...testEnv({ POD_NAME: name, METRICS_PORT: String(port), LOG_LEVEL: "info" }),
      KUBECONFIG: cluster.operatorUser.kubeconfigPath,
    };
    const child = spawn(process.execPath, [MAIN_PATH], { env, stdio: ["ignore", "pipe", "pipe"] });
    const log = createWriteStream(join(cluster.cp.dir, `${name}.log`));
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    const replica = { name, child, port, exited };
    replicas.set(name, replica);
    return replica;
  };
  const holder = async () =>
    (await read<V1Lease>(cluster.admin, "coordination.k8s.io/v1", "Lease", OPERATOR_NAMESPACE, "fincoach-operator"))
      ?.spec?.holderIdentity;
  const ready = async (name: string) =>
    (await read<SyncSchedule>(cluster.admin, API, "SyncSchedule", NS, name))?.status?.conditions?.find(
      (c) => c.type === "Ready",
    )?.status;
  const applySchedule = (name: string) =>
    cluster.apply([
      {
        apiVersion: API,
        kind: "SyncSchedule",
        metadata: { name, namespace: NS },
        spec: { schedule: "@hourly", workers: { image: "fincoach/worker:1" } },
      },
    ]);
  const metrics = async (r: Replica) => (await fetch(`http://127.0.0.1:${r.port}/metrics`)).text();

  before(async () => {
    cluster = await startOperatorCluster();
    await cluster.createNamespace(NS);
    await startReplica("operator-a");
    await startReplica("operator-b");
  });
  after(async () => {
    for (const r of replicas.values()) if (r.child.exitCode === null) r.child.kill("SIGKILL");
    await cluster?.stop();
  });

  test("one replica leads and reconciles; both are ready (the standby keeps its caches warm)", async () => {
    const leader = await eventually(async () => {
      const h = await holder();
      assert.ok(h === "operator-a" || h === "operator-b");
      return h;
    }, 90_000);
    await applySchedule("first");
    await eventually(async () => assert.equal(await ready("first"), "True"), 60_000);
    for (const r of replicas.values()) {
      await eventually(async () => {
        assert.equal((await fetch(`http://127.0.0.1:${r.port}/readyz`)).status, 200);
        assert.match(
          await metrics(r),
          new RegExp(`fincoach_operator_is_leader\\{[^}]*\\} ${r.name === leader ? 1 : 0}`),
        );
      }, 60_000);
    }
  });

  test("killing the leader (no goodbye) hands over once the lease expires; the new leader reconciles", async () => {
    const leader = replicas.get((await holder()) ?? "")!;
    const standby = [...replicas.values()].find((r) => r !== leader)!;
    leader.child.kill("SIGKILL");
    await leader.exited;
    await eventually(async () => assert.equal(await holder(), standby.name), 60_000);
    await applySchedule("second");
    await eventually(async () => assert.equal(await ready("second"), "True"), 60_000);
  });

  test("SIGTERM releases the lease at once and exits 0; a new replica takes over without waiting", async () => {
    const leader = replicas.get((await holder()) ?? "")!;
    leader.child.kill("SIGTERM");
    assert.equal(await leader.exited, 0);
    assert.equal(await holder(), "", "released, not left to expire");
    await startReplica("operator-c");
    await eventually(async () => assert.equal(await holder(), "operator-c"), 60_000);
    await applySchedule("third");
    await eventually(async () => assert.equal(await ready("third"), "True"), 60_000);
  });
});
