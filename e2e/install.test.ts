/**
 * FinCoach installed on a real single-node cluster with its Helm chart, as a person would:
 * the migrate Job completes (a pre-install hook: `helm install` fails otherwise), every pod
 * becomes Ready, the PDBs and NetworkPolicies are the release's and select its pods, the
 * chart's Ingress is served by the node's ingress controller (HTTPS with the certificate of its
 * Secret, HTTP redirected), a user registers and imports a statement through it and the ML
 * pod's default model categorizes it, a mailbox on the machine is synced by a worker pod with
 * progress on the person's event stream (streamed through the controller), the operator (two replicas, one leader) turns a SyncSchedule into a
 * worker pool and a handoff beat ticks on, and `helm uninstall` leaves nothing of the release behind. One
 * install serves every step: each bring-up and install costs minutes.
 *
 * PostgreSQL and Redis are the machine's (the chart's default, external mode; the dev
 * profile's in-cluster StatefulSets are dev-profile.test.ts's). Pods reach them at the
 * node's address through a TCP relay to loopback; the database is a fresh empty one (the
 * migrate Job creates the schema) and Redis is DB 14 (the services' default prefix), both
 * emptied afterwards.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { eventually, issueCert, startDovecot, type TestDovecot } from "@fincoach/testing";
import { fetch as undiciFetch } from "undici";
import { NODE_IP, type RealNode } from "./cluster/index.ts";
import { corpusMail } from "./test-support/corpus-mail.ts";
import { ingressAgent } from "./test-support/ingress-client.ts";
import { type ApiRoute, NAMESPACE, type PreparedRelease, prepareRelease, RELEASE } from "./test-support/release.ts";

const REPO = join(import.meta.dirname, "..");
const STATEMENT = join(REPO, "testdata/statements/mt940-wolph/jejik/abnamro.sta");
const BANORTE = "Banorte <notificaciones@banorte.com>";
// Three Banorte alerts from testdata/emails and what each yields (packages/importers' corpus test).
const MAILS = [
  { file: "banorte-bank-alerts/charge-email.html", date: "Mon, 10 Feb 2020 08:15:00 -0600", amount: "-63.37" },
  { file: "banorte-bank-alerts/cash-withdrawal-email.html", date: "Fri, 4 Oct 2019 14:27:00 -0600", amount: "-100.00" },
  {
    file: "banorte-bank-alerts/fast-transfer-banorte-email.html",
    date: "Mon, 21 Oct 2019 11:24:00 -0600",
    amount: "-600.00",
  },
];
const MAILBOX = { username: "e2e", password: "e2e-imap-password" };
// The Ingress's host and TLS Secret (the chart's default Secret name; its default class,
// nginx, is the node's ingress controller's).
const HOST = "fincoach.e2e.test";
const TLS_SECRET = "fincoach-tls";

describe("helm install on a real node", { timeout: 130 * 60_000 }, () => {
  let release: PreparedRelease | undefined;
  let dovecot: TestDovecot | undefined;
  let workerImage = "";
  let node: RealNode | undefined;
  // The API through the node's ingress controller, trusting only the CA of the Ingress's certificate.
  let ingress: ApiRoute | undefined;
  const kubectl = async (args: string[], input?: string) => {
    if (!release) throw new Error("no release");
    return release.kubectl(args, input);
  };

  before(
    async () => {
      // The machine's one node may be another e2e file's for a while (they run one at a time).
      release = await prepareRelease({ lockTimeoutMs: 60 * 60_000 });
      ({ node, workerImage } = release);
      // The machine's Dovecot (loopback only, like PostgreSQL) at the node's address.
      dovecot = await startDovecot({ users: [MAILBOX] });
      await dovecot.append(MAILBOX, "INBOX", await Promise.all(MAILS.map((m) => corpusMail(m.file, BANORTE, m.date))));
      await release.relay(dovecot.port);
      // The Ingress's TLS Secret: a certificate for its host from the node's CA, the one CA
      // the test trusts through the ingress controller.
      const ca = { cert: join(release.node.paths.certs, "ca.crt"), key: join(release.node.paths.certs, "ca.key") };
      const tls = await issueCert(ca, release.node.paths.certs, "ingress-fincoach", {
        user: HOST,
        sans: [`DNS:${HOST}`],
      });
      await kubectl(["create", "secret", "tls", TLS_SECRET, `--cert=${tls.cert}`, `--key=${tls.key}`]);
      ingress = { base: `https://${HOST}`, dispatcher: ingressAgent({ ca: await readFile(ca.cert, "utf8") }) };
    },
    { timeout: 110 * 60_000 },
  );

  after(async () => {
    await ingress?.dispatcher.close();
    await release?.stop();
    await dovecot?.stop();
  });

  test("helm install: the migrate Job completes and every pod becomes Ready", { timeout: 20 * 60_000 }, async () => {
    if (!release) throw new Error("no release");
    await release.install([
      `ingress.host=${HOST}`,
      `ingress.tls[0].hosts[0]=${HOST}`,
      `ingress.tls[0].secretName=${TLS_SECRET}`,
    ]);
    const migrated = release.db();
    const [row] = await migrated`select count(*)::int as n from information_schema.tables where table_name = 'users'`;
    await migrated.end();
    assert.equal(row?.n, 1, "the migrate Job created the schema");
    await kubectl(["wait", "pods", "-l", "!batch.kubernetes.io/job-name", "--for=condition=Ready", "--timeout=300s"]);
    const pods = JSON.parse(await kubectl(["get", "pods", "-o", "json"])) as {
      items: { metadata: { name: string }; status: { phase: string } }[];
    };
    assert.ok(pods.items.length >= 6, pods.items.map((p) => p.metadata.name).join(", "));
  });

  test("the PodDisruptionBudgets and NetworkPolicies are the chart's and select its pods", {
    timeout: 5 * 60_000,
  }, async () => {
    // The release's rendered objects, parsed by kubectl (client side), against the live ones.
    type Selector = { matchLabels?: Record<string, string> };
    type Obj = { kind: string; metadata: { name: string }; spec: { selector?: Selector; podSelector?: Selector } };
    const manifest = await (release as PreparedRelease).helmRun(["get", "manifest", RELEASE]);
    // One pretty-printed JSON object per manifest document, each opening at column 0.
    const rendered = (await kubectl(["create", "--dry-run=client", "-o", "json", "-f", "-"], manifest))
      .trim()
      .split(/\n(?=\{)/)
      .map((doc) => JSON.parse(doc) as Obj);
    const live = async (kind: string) =>
      (JSON.parse(await kubectl(["get", kind, "-o", "json"])) as { items: Obj[] }).items;
    const selectorOf = (o: Obj) => (o.kind === "NetworkPolicy" ? o.spec.podSelector : o.spec.selector) ?? {};
    const byName = (objs: Obj[]) => Object.fromEntries(objs.map((o) => [o.metadata.name, selectorOf(o)]));
    const pdbs = await live("poddisruptionbudgets");
    const policies = await live("networkpolicies");
    assert.deepEqual(byName(pdbs), byName(rendered.filter((o) => o.kind === "PodDisruptionBudget")));
    assert.deepEqual(byName(policies), byName(rendered.filter((o) => o.kind === "NetworkPolicy")));
    assert.equal(pdbs.length, 5, pdbs.map((p) => p.metadata.name).join(", "));
    assert.ok(
      policies.some((p) => p.metadata.name === "fincoach-default-deny" && Object.keys(selectorOf(p)).length === 0),
    );

    const podsFor = async (selector: Selector) => {
      const labels = Object.entries(selector.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
      const out = await kubectl([
        "get",
        "pods",
        "-l",
        labels.join(","),
        "--field-selector=status.phase=Running",
        "-o",
        "name",
      ]);
      return out.split("\n").filter(Boolean);
    };
    // Each PDB guards its Deployment's pods: the disruption controller counts them as healthy.
    for (const pdb of pdbs) {
      const name = pdb.metadata.name;
      assert.ok((await podsFor(selectorOf(pdb))).length > 0, `${name} selects no running pod`);
      await eventually(
        async () => {
          const { status } = JSON.parse(await kubectl(["get", "pdb", name, "-o", "json"])) as {
            status: { expectedPods?: number; currentHealthy?: number };
          };
          assert.equal(status.expectedPods, (await podsFor(selectorOf(pdb))).length, name);
          assert.equal(status.currentHealthy, status.expectedPods, name);
        },
        120_000,
        2_000,
      );
    }
    // A policy for one of the chart's Deployments selects its pods. Model-server and
    // sync-worker pods only exist once the operator runs a ModelVersion or SyncSchedule.
    for (const policy of policies) {
      const labels = selectorOf(policy).matchLabels ?? {};
      const component = labels["app.kubernetes.io/component"];
      const pods = await podsFor(selectorOf(policy));
      if (component === "model-server" || component === "sync-worker") assert.deepEqual(pods, [], policy.metadata.name);
      else assert.ok(pods.length > 0, `${policy.metadata.name} selects no running pod`);
    }
  });

  // The person of the API tests below, and the account their statement went into.
  let token = "";
  let accountId = "";
  // The IMAP connection the mailbox step creates, and its own (first) sync job.
  let connectionId = "";
  let firstSyncJobId = "";
  // The person's calls go through the ingress controller, as they would from outside the cluster.
  const call = async (method: string, path: string, o: { token?: string; body?: unknown } = {}) => {
    if (!release) throw new Error("no release");
    return release.call(method, path, { ...o, via: ingress });
  };

  test("the chart's Ingress is served by the node's ingress controller: HTTPS with its Secret's certificate", {
    timeout: 3 * 60_000,
  }, async () => {
    if (!release || !ingress) throw new Error("no release");
    const { dispatcher } = ingress;
    // The controller took the Ingress (class nginx) and published the node's address.
    await eventually(
      async () =>
        assert.equal(
          await kubectl(["get", "ingress", "fincoach-api", "-o", "jsonpath={.status.loadBalancer.ingress[0].ip}"]),
          NODE_IP,
        ),
      60_000,
      1_000,
    );
    // HTTPS for the host, verified against the node's CA alone: the certificate is the Secret's.
    const openapi = await eventually(
      async () => {
        const res = await undiciFetch(`${ingress?.base}/openapi.json`, {
          dispatcher,
          signal: AbortSignal.timeout(10_000),
        });
        assert.equal(res.status, 200);
        return (await res.json()) as { paths: Record<string, unknown> };
      },
      60_000,
      1_000,
    );
    assert.ok(openapi.paths["/v1/events"], Object.keys(openapi.paths).join(", "));
    // Plain HTTP is redirected to HTTPS, as ingress-nginx does for a host with TLS.
    const plain = await undiciFetch(`http://${HOST}/v1/accounts`, {
      dispatcher,
      redirect: "manual",
      signal: AbortSignal.timeout(10_000),
    });
    assert.equal(plain.status, 308);
    assert.equal(plain.headers.get("location"), `https://${HOST}/v1/accounts`);
    // Only the API's public paths are routed; the Service still answers every path.
    const readyz = await undiciFetch(`${ingress.base}/readyz`, { dispatcher, signal: AbortSignal.timeout(10_000) });
    assert.equal(readyz.status, 404);
    const direct = await fetch(await release.apiUrl("/readyz"), { signal: AbortSignal.timeout(10_000) });
    assert.equal(direct.status, 200);
    const directOpenapi = await fetch(await release.apiUrl("/openapi.json"), { signal: AbortSignal.timeout(10_000) });
    assert.equal(directOpenapi.status, 200);
  });

  test("a user registers and imports a statement through the ingress controller", { timeout: 5 * 60_000 }, async () => {
    const email = `e2e-${randomBytes(4).toString("hex")}@example.com`;
    const registered = await eventually(
      async () => {
        const res = await call("POST", "/v1/auth/register", {
          body: { email, password: "correct horse battery staple" },
        });
        assert.equal(res.status, 201, JSON.stringify(res.json));
        return res.json as { accessToken: string };
      },
      60_000,
      1_000,
    );
    token = registered.accessToken;
    const account = await call("POST", "/v1/accounts", {
      token,
      body: { name: "Main", type: "checking", currency: "EUR" },
    });
    assert.equal(account.status, 201, JSON.stringify(account.json));
    accountId = String(account.json.id);
    const form = new FormData();
    form.set("file", new File([await readFile(STATEMENT)], "abnamro.sta"));
    form.set("accountId", String(account.json.id));
    const imported = await call("POST", "/v1/imports", { token, body: form });
    assert.equal(imported.status, 201, JSON.stringify(imported.json));
    assert.deepEqual([imported.json.status, imported.json.inserted, imported.json.failed], ["completed", 10, 0]);
    const balance = await call("GET", `/v1/accounts/${account.json.id}`, { token });
    assert.equal(balance.json.balance, "-345.93");
  });

  test("the ML pod's default model categorizes the statement and a new transaction", {
    timeout: 5 * 60_000,
  }, async () => {
    // ENSURE_DEFAULT_MODEL=true in the chart: the ML pod registers the shared default model
    // (trained on testdata/transactions) before it serves, so a Ready pod has one.
    const db = (release as PreparedRelease).db();
    const versions = await db`select model, version, labels from model_versions where user_id is null`;
    await db.end();
    assert.equal(versions.length, 1, JSON.stringify(versions));
    const registered = versions[0] as { model: string; version: string; labels: string[] };
    assert.equal(registered.version, "v1");
    type Category = {
      source: string | null;
      model: string | null;
      modelVersion: string | null;
      alternatives: { label: string }[];
    };
    const page = await call("GET", `/v1/transactions?accountId=${accountId}`, { token });
    assert.equal(page.status, 200, JSON.stringify(page.json));
    const rows = page.json.items as { description: string; category: Category }[];
    assert.equal(rows.length, 10);
    // A new person has no rules or remembered corrections: the model decided every row.
    for (const row of rows) {
      assert.deepEqual(
        [row.category.source, row.category.model, row.category.modelVersion],
        ["model", registered.model, "v1"],
        row.description,
      );
    }
    // A description like the shipped data's, entered by hand, is scored by the same version.
    const created = await call("POST", "/v1/transactions", {
      token,
      body: { accountId, date: "2026-11-30", amount: "-72.61", description: "shell kings 587" },
    });
    assert.equal(created.status, 201, JSON.stringify(created.json));
    const category = created.json.category as Category;
    assert.deepEqual([category.source, category.model, category.modelVersion], ["model", registered.model, "v1"]);
    for (const a of category.alternatives) assert.ok(registered.labels.includes(a.label), a.label);
  });

  test("a mailbox connected through the ingress is synced by a worker pod, progress streamed on /v1/events", {
    timeout: 5 * 60_000,
  }, async () => {
    if (!dovecot || !ingress) throw new Error("no dovecot");
    // The person's event stream through the ingress controller, open before the sync is
    // requested. Each event is read while the response is still open: a proxy that buffered
    // the response until its end would deliver none of them.
    const events: { event: string; data: Record<string, unknown> }[] = [];
    const stream = await undiciFetch(`${ingress.base}/v1/events`, {
      dispatcher: ingress.dispatcher,
      headers: { authorization: `Bearer ${token}`, accept: "text/event-stream" },
      signal: AbortSignal.timeout(180_000),
    });
    assert.equal(stream.status, 200);
    assert.match(stream.headers.get("content-type") ?? "", /^text\/event-stream/);
    const reader = stream.body?.pipeThrough(new TextDecoderStream()).getReader();
    if (!reader) throw new Error("no event stream body");
    let buffered = "";
    const nextEvent = async () => {
      for (;;) {
        const end = buffered.indexOf("\n\n");
        if (end >= 0) {
          const block = buffered.slice(0, end);
          buffered = buffered.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data) return { event, data: JSON.parse(data) as Record<string, unknown> };
          continue;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error(`the event stream ended; events so far: ${JSON.stringify(events)}`);
        buffered += value;
      }
    };
    try {
      const connection = await call("POST", "/v1/connections", {
        token,
        body: { type: "imap", name: "Banorte alerts", host: NODE_IP, port: dovecot.port, tls: "none", ...MAILBOX },
      });
      assert.equal(connection.status, 201, JSON.stringify(connection.json));
      connectionId = String(connection.json.id);
      const sync = await call("POST", `/v1/connections/${connection.json.id}/sync`, { token });
      assert.equal(sync.status, 202, JSON.stringify(sync.json));
      const jobId = sync.json.jobId;
      firstSyncJobId = String(jobId);
      for (;;) {
        const e = await nextEvent();
        events.push(e);
        if (e.data.syncJobId === jobId && (e.event === "sync.completed" || e.event === "sync.failed")) break;
      }
      const mine = events.filter((e) => e.data.syncJobId === jobId);
      assert.equal(mine.at(-1)?.event, "sync.completed", JSON.stringify(mine));
      assert.ok(
        mine.some((e) => e.event === "sync.progress"),
        JSON.stringify(mine),
      );
      const job = await call("GET", `/v1/sync-jobs/${jobId}`, { token });
      assert.deepEqual(
        [job.json.status, job.json.processed, job.json.inserted, job.json.failed],
        ["completed", MAILS.length, MAILS.length, 0],
      );
      // A worker pod ended it: the only process counting mailbox sync jobs on this node.
      const workers = JSON.parse(
        await kubectl(["get", "pods", "-l", "app.kubernetes.io/name=fincoach-worker", "-o", "json"]),
      ) as {
        items: {
          status: { podIP: string };
          spec: { containers: { ports?: { name?: string; containerPort: number }[] }[] };
        }[];
      };
      let completed = 0;
      for (const pod of workers.items) {
        const port = pod.spec.containers[0]?.ports?.find((p) => p.name === "metrics")?.containerPort;
        const url = `http://${pod.status.podIP}:${port}/metrics`;
        const metrics = await (await fetch(url, { signal: AbortSignal.timeout(30_000) })).text();
        for (const m of metrics.matchAll(/^fincoach_sync_jobs_total\{([^}]*)\} (\d+)$/gm))
          if (m[1]?.includes('kind="mailbox"') && m[1].includes('outcome="completed"')) completed += Number(m[2]);
      }
      assert.equal(completed, 1);
      const page = await call("GET", "/v1/transactions", { token });
      const mxn = (page.json.items as { amount: string; currency: string }[]).filter((t) => t.currency === "MXN");
      assert.deepEqual(mxn.map((t) => t.amount).sort(), MAILS.map((m) => m.amount).sort());
    } finally {
      await reader.cancel().catch(() => {});
    }
  });

  test("the operator's Lease names one of its two pods as the leader", { timeout: 3 * 60_000 }, async () => {
    const pods = JSON.parse(
      await kubectl(["get", "pods", "-l", "app.kubernetes.io/name=fincoach-operator", "-o", "json"]),
    ) as { items: { metadata: { name: string } }[] };
    const names = pods.items.map((p) => p.metadata.name);
    assert.equal(names.length, 2, names.join(", "));
    // The operator's identity in the Lease is its pod name (the Downward API's POD_NAME).
    await eventually(
      async () => {
        const lease = JSON.parse(await kubectl(["get", "lease", "fincoach-operator", "-o", "json"])) as {
          spec: { holderIdentity?: string };
        };
        assert.ok(names.includes(lease.spec.holderIdentity ?? ""), `${lease.spec.holderIdentity} not in ${names}`);
      },
      60_000,
      2_000,
    );
  });

  test("a SyncSchedule gets a worker pool from the operator and beat's tick syncs the mailbox again", {
    timeout: 10 * 60_000,
  }, async (t) => {
    assert.ok(connectionId && firstSyncJobId, "the mailbox step ran");
    // Before the schedule exists the connection has one sync job, the one the person asked
    // for: any later row for it is beat's (nothing else calls the API in between).
    const before = (release as PreparedRelease).db();
    const existing = await before`select id from sync_jobs where connection_id = ${connectionId}`;
    await before.end();
    assert.deepEqual(
      existing.map((r) => r.id),
      [firstSyncJobId],
    );
    const schedule = "e2e-every-minute";
    const workers = `${schedule}-workers`;
    // crds/examples/sync-schedule-nightly.yaml, ticking every minute, mail only, one worker.
    await kubectl(
      ["apply", "-f", "-"],
      JSON.stringify({
        apiVersion: "fincoach.dev/v1alpha1",
        kind: "SyncSchedule",
        metadata: { name: schedule, namespace: NAMESPACE },
        spec: {
          schedule: "* * * * *",
          timeZone: "UTC",
          source: "mail",
          startingDeadlineSeconds: 600,
          concurrencyPolicy: "Forbid",
          workers: {
            image: workerImage,
            minReplicas: 1,
            maxReplicas: 1,
            targetBacklogPerReplica: 100,
            concurrency: 5,
            resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "512Mi" } },
          },
        },
      }),
    );
    const { metadata: ss } = JSON.parse(await kubectl(["get", "syncschedule", schedule, "-o", "json"])) as {
      metadata: { uid: string };
    };

    // The pool: a Deployment the SyncSchedule owns, Available (its pod admitted and Ready).
    const deployment = await eventually(
      async () =>
        JSON.parse(await kubectl(["get", "deployment", workers, "-o", "json"])) as {
          metadata: { ownerReferences?: { kind: string; name: string; uid: string }[] };
        },
      120_000,
      2_000,
    );
    assert.deepEqual(
      deployment.metadata.ownerReferences?.map((o) => [o.kind, o.name, o.uid]),
      [["SyncSchedule", schedule, ss.uid]],
    );
    await kubectl(["wait", `deployment/${workers}`, "--for=condition=Available", "--timeout=240s"]);

    // The handoff beat reads: this schedule's uid and cron.
    const handoff = await eventually(
      async () =>
        JSON.parse(await kubectl(["get", "configmap", `${schedule}-schedule`, "-o", "json"])) as {
          metadata: { labels: Record<string, string> };
          data: Record<string, string>;
        },
      60_000,
      2_000,
    );
    assert.equal(handoff.metadata.labels["fincoach.dev/handoff"], "sync-schedule");
    const handed = JSON.parse(handoff.data["schedule.json"] ?? "{}") as { uid?: string; schedule?: string };
    assert.deepEqual([handed.uid, handed.schedule], [ss.uid, "* * * * *"]);

    // Beat's tick: a sync_jobs row for the connection that nobody requested through the API.
    const db = (release as PreparedRelease).db();
    try {
      const ticked = await eventually(
        async () => {
          const rows =
            await db`select id from sync_jobs where connection_id = ${connectionId} and id <> ${firstSyncJobId}`;
          assert.ok(rows.length > 0, "no scheduled sync job yet");
          return String(rows[0]?.id);
        },
        150_000,
        3_000,
      );
      // Beat's row ids are UUID v5 of the run and connection (the API's are random, v4).
      assert.match(ticked, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-/);
      // The worker pool runs it: the mailbox holds nothing new, so nothing is inserted.
      const job = await eventually(
        async () => {
          const [row] =
            await db`select status, processed, inserted, duplicates, failed, error from sync_jobs where id = ${ticked}`;
          assert.ok(row && (row.status === "completed" || row.status === "failed"), JSON.stringify(row));
          return row;
        },
        180_000,
        3_000,
      );
      assert.deepEqual(
        [job.status, job.inserted, job.failed, job.duplicates],
        ["completed", 0, 0, job.processed],
        JSON.stringify(job),
      );
      t.diagnostic(`beat's job ${ticked}: ${JSON.stringify(job)}`);
    } finally {
      await db.end();
    }
    // Beat's status report reaches the SyncSchedule's status through the operator.
    await eventually(
      async () => {
        const { status } = JSON.parse(await kubectl(["get", "syncschedule", schedule, "-o", "json"])) as {
          status?: { lastScheduleTime?: string | null };
        };
        assert.ok(status?.lastScheduleTime, JSON.stringify(status));
      },
      120_000,
      3_000,
    );
    const page = await call("GET", "/v1/transactions", { token });
    const mxn = (page.json.items as { currency: string }[]).filter((t) => t.currency === "MXN");
    assert.equal(mxn.length, MAILS.length);
  });

  test("helm uninstall leaves nothing of the release in the namespace, CRDs included", {
    timeout: 10 * 60_000,
  }, async () => {
    if (!node || !release) throw new Error("no release");
    const manifest = await release.helmRun(["get", "manifest", RELEASE]);
    await release.helmRun(["uninstall", RELEASE, "--wait", "--timeout=5m"], 6 * 60_000);
    // Every object the release rendered is gone: the chart carries its CRDs as templates
    // (not in crds/), so Helm deletes them too, and with them every ModelVersion and SyncSchedule.
    assert.equal((await kubectl(["get", "--ignore-not-found", "-o", "name", "-f", "-"], manifest)).trim(), "");
    const crds = await node.kubectl(["get", "crd", "-o", "name"]);
    assert.deepEqual(
      crds.stdout.split("\n").filter((n) => n.includes("fincoach.dev")),
      [],
    );
    // And nothing labelled as the product's is left, pods (which end after their grace) included.
    const kinds = "all,pdb,networkpolicy,serviceaccount,role,rolebinding,configmap,secret,ingress,job,lease";
    await eventually(
      async () =>
        assert.equal(
          (await kubectl(["get", kinds, "-l", "app.kubernetes.io/part-of=fincoach", "-o", "name"])).trim(),
          "",
        ),
      180_000,
      2_000,
    );
    // Helm's own release record goes too; the Secrets this test made for the release stay.
    assert.equal((await kubectl(["get", "secret", "-l", "owner=helm", "-o", "name"])).trim(), "");
    assert.deepEqual((await kubectl(["get", "secret", "-o", "name"])).trim().split("\n"), [
      "secret/fincoach",
      `secret/${TLS_SECRET}`,
    ]);
  });

  test("the node's teardown leaves the machine as it was", { timeout: 120_000 }, async () => {
    assert.deepEqual(await release?.stop(), []);
  });
});
