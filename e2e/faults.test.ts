/**
 * Faults on a real node, with the chart installed as install.test.ts does (the machine's
 * PostgreSQL and Redis through a relay, images imported): a worker pod deleted in the middle of
 * a mailbox sync, the operator's leader deleted, and a `helm upgrade` to a new image tag under
 * a polling client. Each step states what must hold afterwards, exactly: the same rows and
 * sums as an uninterrupted sync, the standby leading and reconciling, not one failed request.
 *
 * The default worker pool runs one replica here (`worker.replicas=1`): the pod that holds the
 * sync job is then known, and what finishes it is the Deployment's replacement pod.
 */
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import { eventually, startDovecot, type TestDovecot } from "@fincoach/testing";
import { NODE_IP } from "./cluster/index.ts";
import { corpusMail } from "./test-support/corpus-mail.ts";
import { NAMESPACE, type PreparedRelease, prepareRelease, RELEASE, registerPerson } from "./test-support/release.ts";
import { buildTestImages, type TestImage } from "./test-support/test-images.ts";

const CHART = new URL("../charts/fincoach", import.meta.url).pathname;
const COMPONENTS = ["api", "ml", "worker", "beat", "operator"] as const;
/** The tag `helm upgrade` moves to: the same image content under another reference. */
const NEXT_TAG = "e2e-next";
const MAILBOX = { username: "e2e-faults", password: "e2e-faults-imap-password" };
// Banorte charge alerts (testdata/emails) of 0.01, 0.02, ... MXN: every mail one transaction
// with its own Message-ID, so the total and the sum say whether any row is missing or twice.
// Enough batches of 100 that the sync is still running when its pod is deleted: a batch
// takes a second or more on this machine.
const MAILS = 2400;
const CHARGE = "banorte-bank-alerts/charge-email.html";
const expectedSumMinor = -BigInt((MAILS * (MAILS + 1)) / 2);
const cents = (i: number) => `${Math.floor(i / 100)}.${String(i % 100).padStart(2, "0")}`;

/**
 * A field of a sync job's BullMQ hash in the release's Redis (release.ts: DB 14, the
 * services' default prefix `fincoach:`, BullMQ's keys under `bull:`; the job id is the row's).
 */
const bullJobField = async (jobId: string, field: string): Promise<string> =>
  (await promisify(execFile)("redis-cli", ["-n", "14", "hget", `fincoach:bull:sync:${jobId}`, field])).stdout.trim();

type Pod = {
  metadata: { name: string; deletionTimestamp?: string };
  spec: { containers: { image: string; ports?: { name?: string; containerPort: number }[] }[] };
  status: { phase: string; podIP?: string; conditions?: { type: string; status: string }[] };
};

/** The person's `/v1/events` stream, read in the background into `events` until `close()`. */
const openEvents = async (url: string, token: string) => {
  const events: { event: string; data: Record<string, unknown> }[] = [];
  const abort = new AbortController();
  const res = await fetch(url, {
    headers: { authorization: `Bearer ${token}`, accept: "text/event-stream" },
    signal: abort.signal,
  });
  assert.equal(res.status, 200);
  const reader = res.body?.pipeThrough(new TextDecoderStream()).getReader();
  if (!reader) throw new Error("no event stream body");
  const reading = (async () => {
    let buffered = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffered += value;
      for (let end = buffered.indexOf("\n\n"); end >= 0; end = buffered.indexOf("\n\n")) {
        const block = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event && data) events.push({ event, data: JSON.parse(data) as Record<string, unknown> });
      }
    }
  })().catch(() => {});
  return {
    events,
    close: async () => {
      abort.abort();
      await reading;
    },
  };
};

describe("faults on a real node", { timeout: 90 * 60_000 }, () => {
  let release: PreparedRelease | undefined;
  let dovecot: TestDovecot | undefined;
  let nextImages: TestImage[] = [];
  const r = () => release ?? assert.fail("no release");
  const pods = async (selector: string) =>
    (JSON.parse(await r().kubectl(["get", "pods", "-l", selector, "-o", "json"])) as { items: Pod[] }).items;
  const ready = (p: Pod) =>
    !p.metadata.deletionTimestamp && p.status.conditions?.some((c) => c.type === "Ready" && c.status === "True");

  before(
    async () => {
      // The mailbox and the next tag's images first: the node is shared, never held idle.
      dovecot = await startDovecot({ users: [MAILBOX] });
      const mails = [];
      for (let i = 1; i <= MAILS; i++)
        mails.push(
          await corpusMail(CHARGE, "Banorte <notificaciones@banorte.com>", "Mon, 10 Feb 2020 08:15:00 -0600", {
            messageId: `charge-${i}@e2e-faults.test`,
            edit: (html) => html.replace("$ 63.37 MN", `$ ${cents(i)} MN`),
          }),
        );
      await dovecot.append(MAILBOX, "INBOX", mails);
      ({ images: nextImages } = await buildTestImages(COMPONENTS, { tag: NEXT_TAG }));
      // The node is one per machine: other e2e files may hold it longer than one lock wait.
      for (let attempt = 1; !release; attempt++) {
        try {
          release = await prepareRelease();
        } catch (error) {
          if (attempt >= 4 || !String(error).includes("machine lock")) throw error;
        }
      }
      await release.relay(dovecot.port);
    },
    { timeout: 60 * 60_000 },
  );

  after(async () => {
    await release?.stop();
    await dovecot?.stop();
  });

  test("helm install with one default worker pod: every pod becomes Ready", { timeout: 20 * 60_000 }, async () => {
    await r().install(["worker.replicas=1"]);
    await r().kubectl([
      "wait",
      "pods",
      "-l",
      "!batch.kubernetes.io/job-name",
      "--for=condition=Ready",
      "--timeout=300s",
    ]);
    assert.equal((await pods("app.kubernetes.io/name=fincoach-worker")).length, 1);
  });

  let token = "";

  test("a worker pod deleted mid-sync: its replacement finishes the job once, nothing missing or twice", {
    timeout: 20 * 60_000,
  }, async (t) => {
    if (!dovecot) throw new Error("no dovecot");
    token = await registerPerson(r());
    const stream = await openEvents(await r().apiUrl("/v1/events"), token);
    const db = r().db();
    try {
      const [worker, ...others] = await pods("app.kubernetes.io/name=fincoach-worker");
      assert.ok(worker && others.length === 0 && ready(worker), "one Ready worker pod holds every sync job");
      const connection = await r().call("POST", "/v1/connections", {
        token,
        body: { type: "imap", name: "Banorte", host: NODE_IP, port: dovecot.port, tls: "none", ...MAILBOX },
      });
      assert.equal(connection.status, 201, JSON.stringify(connection.json));
      const connectionId = String(connection.json.id);
      const sync = await r().call("POST", `/v1/connections/${connectionId}/sync`, { token });
      assert.equal(sync.status, 202, JSON.stringify(sync.json));
      const jobId = String(sync.json.jobId);

      // Deleted once a batch is committed; forced (the kubelet's shortest grace, 2 s), so the
      // pod cannot drain the job: it dies holding it, as on a node failure or an OOM kill.
      const row = async () => {
        const [job] = await db`select status, processed, inserted, duplicates, skipped, failed
          from sync_jobs where id = ${jobId}`;
        return job ?? assert.fail(`no sync_jobs row ${jobId}`);
      };
      const started = await eventually(
        async () => {
          const job = await row();
          assert.ok(job.processed >= 100, JSON.stringify(job));
          return job;
        },
        5 * 60_000,
        20,
      );
      await r().kubectl(["delete", "pod", worker.metadata.name, "--grace-period=0", "--force", "--wait=false"]);
      const atDeletion = await row();
      t.diagnostic(`worker ${worker.metadata.name} deleted at ${JSON.stringify(atDeletion)}`);
      assert.equal(started.status, "running");
      assert.ok(
        atDeletion.processed < MAILS,
        `the job ended before its pod was deleted: ${JSON.stringify(atDeletion)}`,
      );

      // BullMQ's stalled-job check hands the job to the replacement once the lock (30 s) expires.
      const finished = await eventually(
        async () => {
          const job = await row();
          assert.ok(job.status === "completed" || job.status === "failed", JSON.stringify(job));
          return job;
        },
        10 * 60_000,
        1_000,
      );
      assert.deepEqual(
        [
          finished.status,
          finished.processed,
          finished.inserted,
          finished.duplicates,
          finished.skipped,
          finished.failed,
        ],
        ["completed", MAILS, MAILS, 0, 0, 0],
      );
      const [totals] = await db`select count(*)::int as n, count(distinct external_id)::int as ids,
          coalesce(sum(amount_minor), 0)::text as sum
        from transactions where user_id = (select user_id from sync_jobs where id = ${jobId})`;
      assert.deepEqual([totals?.n, totals?.ids, BigInt(totals?.sum ?? "0")], [MAILS, MAILS, expectedSumMinor]);
      const [state] = await db`select sync_state->'folders'->'INBOX'->>'lastUid' as uid
        from connections where id = ${connectionId}`;
      assert.equal(state?.uid, String(MAILS), "the connection's state is past the last mail");

      // It was recovered, not drained: BullMQ counted a stall, and the pod that counted the
      // job ended is the replacement (the deleted one is gone, with its counters).
      const stalled = await bullJobField(jobId, "stc");
      assert.ok(Number(stalled) >= 1, `stalled counter ${stalled}`);
      const [replacement, ...more] = (await pods("app.kubernetes.io/name=fincoach-worker")).filter(ready);
      assert.ok(replacement && more.length === 0 && replacement.metadata.name !== worker.metadata.name);
      assert.equal(await completedMailboxJobs(replacement), 1);
      // And the person heard of its end once.
      await eventually(
        () => assert.ok(stream.events.some((e) => e.event === "sync.completed" && e.data.syncJobId === jobId)),
        60_000,
        500,
      );
      const ends = stream.events.filter(
        (e) => e.data.syncJobId === jobId && (e.event === "sync.completed" || e.event === "sync.failed"),
      );
      assert.deepEqual(
        ends.map((e) => e.event),
        ["sync.completed"],
      );
    } finally {
      await stream.close();
      await db.end();
    }
  });

  test("the operator's leader pod deleted: the standby takes the Lease and reconciles a new SyncSchedule", {
    timeout: 10 * 60_000,
  }, async (t) => {
    const operators = (await pods("app.kubernetes.io/name=fincoach-operator")).filter(ready);
    assert.equal(operators.length, 2, operators.map((p) => p.metadata.name).join(", "));
    type LeaseSpec = { holderIdentity?: string; renewTime?: string; leaseTransitions?: number };
    const lease = async () =>
      (JSON.parse(await r().kubectl(["get", "lease", "fincoach-operator", "-o", "json"])) as { spec: LeaseSpec }).spec;
    const names = operators.map((p) => p.metadata.name);
    // A leader that renews (renewTime moves), not a stale record.
    const first = await lease();
    const leader = await eventually(
      async () => {
        const now = await lease();
        assert.ok(names.includes(now.holderIdentity ?? ""), `${now.holderIdentity} not in ${names}`);
        assert.notEqual(now.renewTime, first.renewTime, "the Lease is not renewed");
        return now.holderIdentity ?? "";
      },
      60_000,
      1_000,
    );
    const standby = names.find((n) => n !== leader) ?? assert.fail("no standby");
    // Both replicas' logs from before the deletion: what each did about the Lease.
    const logs = names.map((name) => followLogs(name));
    try {
      // The leader releases the Lease on SIGTERM and any live candidate may take it: after a
      // plain `kubectl delete pod` the Deployment's replacement, campaigning at once when it
      // starts, took it 1.4 s after the release while the standby was between its 2-4.4 s
      // attempts. To see the standby take over, the leader is deleted without a replacement:
      // the ReplicaSet scales down the pod with the lowest deletion cost.
      await r().kubectl(["annotate", "pod", leader, "controller.kubernetes.io/pod-deletion-cost=-1000", "--overwrite"]);
      await r().kubectl(["scale", "deployment", "fincoach-operator", "--replicas=1"]);
      await eventually(async () => assert.equal((await lease()).holderIdentity, standby), 120_000, 1_000);
      await eventually(
        async () =>
          assert.deepEqual(
            (await pods("app.kubernetes.io/name=fincoach-operator")).map((p) => p.metadata.name),
            [standby],
          ),
        120_000,
        1_000,
      );
    } catch (error) {
      t.diagnostic(
        `lease: ${await r().kubectl(["get", "lease", "fincoach-operator", "-o", "json", "--show-managed-fields"])}`,
      );
      t.diagnostic(
        `operator pods: ${(await r().kubectl(["get", "pods", "-l", "app.kubernetes.io/name=fincoach-operator", "-o", "wide"])).trim()}`,
      );
      for (const [i, name] of names.entries()) t.diagnostic(`${name} log:\n${logs[i]?.text().slice(-6_000)}`);
      throw error;
    } finally {
      for (const l of logs) l.stop();
    }

    // Applied after the handover: only the new leader can have made its pool.
    const schedule = "e2e-after-failover";
    await r().kubectl(
      ["apply", "-f", "-"],
      JSON.stringify({
        apiVersion: "fincoach.dev/v1alpha1",
        kind: "SyncSchedule",
        metadata: { name: schedule },
        spec: {
          // Nightly: beat does not tick during the test, the pool only has to exist.
          schedule: "0 3 * * *",
          timeZone: "UTC",
          source: "mail",
          concurrencyPolicy: "Forbid",
          workers: {
            image: r().workerImage,
            minReplicas: 1,
            maxReplicas: 1,
            targetBacklogPerReplica: 100,
            concurrency: 2,
            resources: { requests: { cpu: "50m", memory: "128Mi" }, limits: { memory: "512Mi" } },
          },
        },
      }),
    );
    const { metadata: ss } = JSON.parse(await r().kubectl(["get", "syncschedule", schedule, "-o", "json"])) as {
      metadata: { uid: string };
    };
    const pool = await eventually(
      async () =>
        JSON.parse(await r().kubectl(["get", "deployment", `${schedule}-workers`, "-o", "json"])) as {
          metadata: { ownerReferences?: { kind: string; uid: string }[] };
        },
      120_000,
      2_000,
    );
    assert.deepEqual(
      pool.metadata.ownerReferences?.map((o) => [o.kind, o.uid]),
      [["SyncSchedule", ss.uid]],
    );
    await r().kubectl(["wait", `deployment/${schedule}-workers`, "--for=condition=Available", "--timeout=240s"]);
    assert.equal((await lease()).holderIdentity, standby, "the Lease stayed with the standby");
    // Two replicas again, as the chart has them.
    await r().kubectl(["scale", "deployment", "fincoach-operator", "--replicas=2"]);
    await r().kubectl(["rollout", "status", "deployment/fincoach-operator", "--timeout=300s"]);
    // Gone again before the upgrade: its pods run the old tag on purpose (the SyncSchedule's image).
    await r().kubectl(["delete", "syncschedule", schedule, "--wait=true", "--timeout=120s"]);
    await eventually(
      async () =>
        assert.equal(
          (await r().kubectl(["get", "deployment", `${schedule}-workers`, "--ignore-not-found", "-o", "name"])).trim(),
          "",
        ),
      120_000,
      2_000,
    );
  });

  test("helm upgrade to a new image tag rolls every Deployment without one failed request", {
    timeout: 30 * 60_000,
  }, async (t) => {
    assert.ok(token, "the sync step registered a person");
    for (const image of nextImages) await r().node.importImage(image.tarFile);
    const url = await r().apiUrl("/v1/accounts");
    const before = new Set((await pods("app.kubernetes.io/name=fincoach-api")).map((p) => p.metadata.name));

    // A client of the API Service, an authenticated read every ~75 ms on keep-alive
    // connections, for the whole roll; any non-2xx answer or transport error is a failure.
    let polling = true;
    let answered = 0;
    const failures: string[] = [];
    const poller = (async () => {
      while (polling) {
        const at = new Date().toISOString();
        try {
          const res = await fetch(url, {
            headers: { authorization: `Bearer ${token}` },
            signal: AbortSignal.timeout(15_000),
          });
          await res.arrayBuffer();
          if (res.ok) answered++;
          else failures.push(`${at} ${res.status}`);
        } catch (error) {
          failures.push(`${at} ${String((error as Error).cause ?? error)}`);
        }
        await sleep(75);
      }
    })();
    try {
      await eventually(() => assert.ok(answered > 0 || failures.length > 0), 60_000, 100);
      await r().helmRun(
        ["upgrade", RELEASE, CHART, "--reuse-values", `--set=image.tag=${NEXT_TAG}`, "--wait", "--timeout=20m"],
        21 * 60_000,
      );
      // Helm waits for the new pods; the old ones end after it (the API's preStop and drain,
      // the worker's grace): keep polling until only new pods are left, all on the new tag.
      for (const component of COMPONENTS) {
        await r().kubectl(["rollout", "status", `deployment/fincoach-${component}`, "--timeout=600s"]);
        const expected = `docker.io/fincoach/${component}:${NEXT_TAG}`;
        await eventually(
          async () => {
            const now = await pods(`app.kubernetes.io/name=fincoach-${component}`);
            assert.ok(now.length > 0, component);
            for (const p of now) {
              assert.deepEqual(
                p.spec.containers.map((c) => c.image),
                [expected],
                p.metadata.name,
              );
              assert.ok(ready(p), `${p.metadata.name} not Ready`);
            }
          },
          300_000,
          2_000,
        );
      }
    } finally {
      polling = false;
      await poller;
    }
    const after = (await pods("app.kubernetes.io/name=fincoach-api")).map((p) => p.metadata.name);
    assert.ok(
      after.every((n) => !before.has(n)),
      `old API pods left: ${after}`,
    );
    t.diagnostic(`${answered} requests answered during the roll`);
    assert.deepEqual(failures, []);
    assert.ok(answered > 100, `only ${answered} requests answered`);
  });

  test("the node's teardown leaves the machine as it was", { timeout: 120_000 }, async () => {
    assert.deepEqual(await r().stop(), []);
  });

  /** `kubectl logs -f` of a pod into a buffer, for a failure's diagnostics. */
  const followLogs = (pod: string) => {
    const child = spawn(
      r().node.kubectlBin,
      [`--kubeconfig=${r().node.kubeconfig}`, "-n", NAMESPACE, "logs", "-f", pod],
      {
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let text = "";
    child.stdout.on("data", (d) => (text += d));
    child.stderr.on("data", (d) => (text += d));
    return { text: () => text, stop: () => void child.kill() };
  };

  /** A worker pod's `fincoach_sync_jobs_total{kind="mailbox",outcome="completed"}`. */
  const completedMailboxJobs = async (pod: Pod) => {
    const port = pod.spec.containers[0]?.ports?.find((p) => p.name === "metrics")?.containerPort;
    const metrics = await (
      await fetch(`http://${pod.status.podIP}:${port}/metrics`, { signal: AbortSignal.timeout(30_000) })
    ).text();
    let n = 0;
    for (const m of metrics.matchAll(/^fincoach_sync_jobs_total\{([^}]*)\} (\d+)$/gm))
      if (m[1]?.includes('kind="mailbox"') && m[1].includes('outcome="completed"')) n += Number(m[2]);
    return n;
  };
});
