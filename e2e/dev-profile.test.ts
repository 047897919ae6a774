/**
 * The chart's `dev` profile on a real node (`helm install -f charts/fincoach/values-dev.yaml`):
 * FinCoach with its own throwaway PostgreSQL and Redis StatefulSets, the images named as the
 * chart names them (postgres:15-bookworm, redis:7-bookworm: scripts/images/datastore-images.ts
 * builds them from this machine's Debian packages, no registry). The dev profile makes its own
 * `fincoach` Secret pointing at those in-cluster Services, so the prepared release's Secret
 * (the machine's PostgreSQL) is deleted first: Helm would refuse to take over an object it did
 * not create, and nothing of the machine's datastores may serve this install. The StatefulSets
 * keep their data in emptyDir (no volumeClaimTemplates), so the node needs no storage
 * provisioner. Install without `--wait`, as charts/fincoach/README.md says: with dev the
 * migrate Job is a post-install hook, which Helm runs after the pods are created and waits
 * for; the services restart until it is done.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import { eventually } from "@fincoach/testing";
import postgres from "postgres";
import { DEV_SECRET_VALUES } from "../cdk8s/src/components/dev-datastores.ts";
import { devSettings } from "../cdk8s/src/settings.ts";
import { type PreparedRelease, prepareRelease, RELEASE, registerPerson } from "./test-support/release.ts";

const run = promisify(execFile);
const REPO = join(import.meta.dirname, "..");
const DEV_VALUES = join(REPO, "charts/fincoach/values-dev.yaml");
const STATEMENT = join(REPO, "testdata/statements/mt940-wolph/jejik/abnamro.sta");
// At least: api, ml, worker, beat, two operators, postgres, redis.
const DEV_PODS = 8;

describe("the dev profile on a real node: in-cluster PostgreSQL and Redis", { timeout: 120 * 60_000 }, () => {
  let release: PreparedRelease | undefined;
  const r = (): PreparedRelease => release ?? assert.fail("no release");
  const kubectl = (args: string[], input?: string) => r().kubectl(args, input);
  const podIp = async (pod: string) => (await kubectl(["get", "pod", pod, "-o", "jsonpath={.status.podIP}"])).trim();
  /** The in-cluster PostgreSQL from the machine (host -> pod IP), as the dev Secret's user. */
  const inCluster = async (): Promise<postgres.Sql> => {
    const url = new URL(DEV_SECRET_VALUES.DATABASE_URL);
    return postgres({
      host: await podIp("fincoach-postgres-0"),
      port: Number(url.port),
      user: url.username,
      password: url.password,
      database: url.pathname.slice(1),
      max: 1,
      onnotice: () => {},
    });
  };

  before(
    async () => {
      // Several e2e files queue for the machine's one node.
      release = await prepareRelease({ extraImages: ["postgres", "redis"], lockTimeoutMs: 60 * 60_000 });
    },
    { timeout: 80 * 60_000 },
  );

  after(async () => {
    await release?.stop();
  });

  test("helm install -f values-dev.yaml: the dev Secret, the migrate hook against the in-cluster PostgreSQL, both StatefulSets and every pod Ready", {
    timeout: 25 * 60_000,
  }, async (t) => {
    await kubectl(["delete", "secret", "fincoach"]);
    const started = Date.now();
    // Resolves once the post-install migrate hook has completed (a failed hook fails the install).
    await r().install([], { valuesFiles: [DEV_VALUES], wait: false });
    t.diagnostic(`helm install (migrate hook included): ${Math.round((Date.now() - started) / 1000)} s`);
    const status = JSON.parse(await r().helmRun(["status", RELEASE, "-o", "json"])) as { info: { status: string } };
    assert.equal(status.info.status, "deployed");

    // The Secret is the release's own, with the dev values pointing at the in-cluster Services.
    const secret = JSON.parse(await kubectl(["get", "secret", "fincoach", "-o", "json"])) as {
      metadata: { annotations: Record<string, string> };
      data: Record<string, string>;
    };
    assert.equal(secret.metadata.annotations["meta.helm.sh/release-name"], RELEASE);
    const decoded = (key: string) => Buffer.from(secret.data[key] ?? "", "base64").toString("utf8");
    assert.equal(decoded("DATABASE_URL"), DEV_SECRET_VALUES.DATABASE_URL);
    assert.equal(decoded("REDIS_URL"), DEV_SECRET_VALUES.REDIS_URL);
    assert.match(decoded("DATABASE_URL"), /@fincoach-postgres:5432\//);

    // The StatefulSets run the chart's images, with emptyDir data and no claims to bind.
    for (const name of ["postgres", "redis"] as const) {
      const sts = await eventually(
        async () => {
          const o = JSON.parse(await kubectl(["get", "statefulset", `fincoach-${name}`, "-o", "json"])) as {
            spec: { volumeClaimTemplates?: unknown[]; template: { spec: { containers: { image: string }[] } } };
            status: { readyReplicas?: number };
          };
          assert.equal(o.status.readyReplicas, 1, `fincoach-${name} is not ready`);
          return o;
        },
        600_000,
        3_000,
      );
      assert.deepEqual(sts.spec.volumeClaimTemplates ?? [], [], name);
      assert.equal(sts.spec.template.spec.containers[0]?.image, devSettings().dev[`${name}Image`]);
    }
    assert.equal((await kubectl(["get", "pvc", "-o", "name"])).trim(), "");

    // The services crash until the hook has migrated, then come up: every pod Ready (the
    // API's HPA may have added a second API pod by then).
    type Pod = { metadata: { name: string }; status: { conditions?: { type: string; status: string }[] } };
    const pods = await eventually(
      async () => {
        const { items } = JSON.parse(
          await kubectl(["get", "pods", "-l", "!batch.kubernetes.io/job-name", "-o", "json"]),
        ) as { items: Pod[] };
        const notReady = items.filter(
          (p) => !p.status.conditions?.some((c) => c.type === "Ready" && c.status === "True"),
        );
        assert.deepEqual(
          notReady.map((p) => p.metadata.name),
          [],
        );
        assert.ok(items.length >= DEV_PODS, items.map((p) => p.metadata.name).join(", "));
        return items;
      },
      600_000,
      3_000,
    ).catch(async (error: Error) => {
      // What kept a pod from Ready: its events (probes, kills) and its last two runs' output.
      const { items } = JSON.parse(await kubectl(["get", "pods", "-o", "json"])) as { items: Pod[] };
      for (const pod of items.filter(
        (p) => !p.status.conditions?.some((c) => c.type === "Ready" && c.status === "True"),
      )) {
        const name = pod.metadata.name;
        const describe = await kubectl(["describe", "pod", name]).catch((e: Error) => e.message);
        const previous = await kubectl(["logs", name, "--previous", "--tail=40"]).catch((e: Error) => e.message);
        const current = await kubectl(["logs", name, "--tail=40"]).catch((e: Error) => e.message);
        t.diagnostic(`--- ${name}\n${describe}\n--- previous run\n${previous}\n--- current run\n${current}`);
      }
      throw error;
    });
    t.diagnostic(
      `Ready: ${pods.map((p) => p.metadata.name).join(", ")} (${Math.round((Date.now() - started) / 1000)} s)`,
    );
    for (const component of ["api", "ml", "worker", "beat", "operator", "postgres", "redis"])
      assert.ok(
        pods.some((p) => p.metadata.name.startsWith(`fincoach-${component}-`)),
        `no fincoach-${component} pod`,
      );

    // The schema is in the in-cluster database (reached from the machine with the dev password:
    // a non-loopback client, so scram-sha-256), and the machine's database was never touched.
    const sql = await inCluster();
    try {
      const [row] =
        await sql`select version() as version, count(*)::int as n from information_schema.tables where table_name = 'users'`;
      assert.equal(row?.n, 1, "the migrate hook created the schema in the in-cluster PostgreSQL");
      assert.match(String(row?.version), /^PostgreSQL 15\./);
    } finally {
      await sql.end();
    }
    const machine = r().db();
    const [untouched] =
      await machine`select count(*)::int as n from information_schema.tables where table_schema = 'public'`;
    await machine.end();
    assert.equal(untouched?.n, 0, "the machine's PostgreSQL served nothing of the dev install");
    const { stdout: pong } = await run("redis-cli", ["-h", await podIp("fincoach-redis-0"), "ping"]);
    assert.equal(pong.trim(), "PONG");
  });

  let token = "";
  let accountId = "";

  test("a person registers and imports a statement through the API's Service", { timeout: 5 * 60_000 }, async () => {
    token = await registerPerson(r());
    const account = await r().call("POST", "/v1/accounts", {
      token,
      body: { name: "Main", type: "checking", currency: "EUR" },
    });
    assert.equal(account.status, 201, JSON.stringify(account.json));
    accountId = String(account.json.id);
    const form = new FormData();
    form.set("file", new File([await readFile(STATEMENT)], "abnamro.sta"));
    form.set("accountId", accountId);
    const imported = await r().call("POST", "/v1/imports", { token, body: form });
    assert.equal(imported.status, 201, JSON.stringify(imported.json));
    assert.deepEqual([imported.json.status, imported.json.inserted, imported.json.failed], ["completed", 10, 0]);
    const balance = await r().call("GET", `/v1/accounts/${accountId}`, { token });
    assert.equal(balance.json.balance, "-345.93");
  });

  test("the rows are in the in-cluster PostgreSQL, categorized by the ML pod's default model", {
    timeout: 5 * 60_000,
  }, async () => {
    const sql = await inCluster();
    try {
      // ENSURE_DEFAULT_MODEL=true: the ML pod registered the shared default model in this database.
      const versions = await sql`select model, version from model_versions where user_id is null`;
      assert.equal(versions.length, 1, JSON.stringify(versions));
      const model = versions[0] as { model: string; version: string };
      assert.equal(model.version, "v1");
      const [rows] = await sql`select count(*)::int as n, sum(amount_minor)::int as total,
          count(*) filter (where category_source = 'model' and category_model = ${model.model}
            and category_model_version = 'v1')::int as by_model
        from transactions where account_id = ${accountId}`;
      assert.deepEqual({ ...rows }, { n: 10, total: -34593, by_model: 10 });
    } finally {
      await sql.end();
    }
    // And the API says the same of each row.
    const page = await r().call("GET", `/v1/transactions?accountId=${accountId}`, { token });
    assert.equal(page.status, 200, JSON.stringify(page.json));
    const items = page.json.items as { description: string; category: { source: string; modelVersion: string } }[];
    assert.equal(items.length, 10);
    for (const item of items)
      assert.deepEqual([item.category.source, item.category.modelVersion], ["model", "v1"], item.description);
    // The services' Redis is the in-cluster one: their keys (default prefix) are there.
    const { stdout } = await run("redis-cli", [
      "-h",
      await podIp("fincoach-redis-0"),
      "--scan",
      "--pattern",
      "fincoach:*",
    ]);
    assert.notEqual(stdout.trim(), "", "no fincoach: keys in the in-cluster Redis");
  });

  test("helm uninstall leaves nothing: the StatefulSets, their pods and the dev Secret go, and there were no claims", {
    timeout: 10 * 60_000,
  }, async () => {
    const manifest = await r().helmRun(["get", "manifest", RELEASE]);
    await r().helmRun(["uninstall", RELEASE, "--wait", "--timeout=5m"], 6 * 60_000);
    assert.equal((await kubectl(["get", "--ignore-not-found", "-o", "name", "-f", "-"], manifest)).trim(), "");
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
    // The dev Secret was the release's: no Secret is left at all, Helm's own record included.
    assert.equal((await kubectl(["get", "secret", "-o", "name"])).trim(), "");
    // emptyDir: the data went with the pods, and there is no PersistentVolumeClaim to outlive them.
    assert.equal((await kubectl(["get", "pvc,pods", "-o", "name"])).trim(), "");
    const pvs = await r().node.kubectl(["get", "pv", "-o", "name"]);
    assert.equal(pvs.stdout.trim(), "");
  });

  test("the node's teardown leaves the machine as it was", { timeout: 120_000 }, async () => {
    assert.deepEqual(await release?.stop(), []);
  });
});
