/**
 * FinCoach installed on a real single-node cluster with its Helm chart, as a person would:
 * the migrate Job completes (a pre-install hook: `helm install` fails otherwise), every pod
 * becomes Ready, and a user registers and imports a statement through the API's Service.
 *
 * PostgreSQL and Redis are the machine's (the chart's default, external mode): the dev
 * profile's in-cluster StatefulSets need postgres and redis images, which cannot be pulled
 * here. Pods reach them at the node's address through a TCP relay to loopback; the database
 * is a fresh empty one (the migrate Job creates the schema) and Redis is DB 14 (the services' default
 * prefix), both emptied afterwards.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import { eventually, TEST_ADMIN_URL } from "@fincoach/testing";
import postgres from "postgres";
import { NODE_IP, type RealNode, startNode } from "./cluster/index.ts";
import { startHostRelay } from "./test-support/host-relay.ts";
import { buildTestImages } from "./test-support/test-images.ts";

const run = promisify(execFile);
const REPO = join(import.meta.dirname, "..");
const NAMESPACE = "fincoach";
const REDIS_DB = 14;
const STATEMENT = join(REPO, "testdata/statements/mt940-wolph/jejik/abnamro.sta");

describe("helm install on a real node", { timeout: 60 * 60_000 }, () => {
  let node: RealNode | undefined;
  const relays: { close(): Promise<void> }[] = [];
  const database = `fincoach_e2e_${randomBytes(6).toString("hex")}`;
  // The services' default prefix, in a database index of this test's own.
  const prefix = "fincoach:";
  let helm = "";
  const kubectl = async (args: string[], input?: string) => {
    if (!node) throw new Error("no node");
    const result = await node.kubectl(["-n", NAMESPACE, ...args], { input, timeoutMs: 120_000 });
    if (result.code !== 0) throw new Error(`kubectl ${args.join(" ")}: ${result.stderr}`);
    return result.stdout;
  };

  before(
    async () => {
      helm = (await run("bash", [join(REPO, "scripts/helm/build.sh")], { maxBuffer: 64 * 1024 * 1024 })).stdout
        .trim()
        .split("\n")
        .at(-1) as string;
      const { images, pause } = await buildTestImages(["api", "ml", "worker", "beat", "operator"]);
      const admin = postgres(TEST_ADMIN_URL, { max: 1, onnotice: () => {} });
      await admin.unsafe(`create database ${database}`);
      await admin.end();
      node = await startNode({ images: [...images, pause].map((i) => i.tarFile), pauseImage: pause.reference });
      relays.push(await startHostRelay(NODE_IP, 5432), await startHostRelay(NODE_IP, 6379));
      await node.kubectl(["create", "namespace", NAMESPACE]);
      await kubectl(
        ["apply", "-f", "-"],
        JSON.stringify({
          apiVersion: "v1",
          kind: "Secret",
          metadata: { name: "fincoach", namespace: NAMESPACE },
          stringData: {
            DATABASE_URL: `postgres://postgres@${NODE_IP}:5432/${database}`,
            REDIS_URL: `redis://${NODE_IP}:6379/${REDIS_DB}`,
            JWT_SECRET: randomBytes(32).toString("hex"),
            CONNECTION_KEYS: `e2e:${randomBytes(32).toString("base64")}`,
          },
        }),
      );
    },
    { timeout: 50 * 60_000 },
  );

  after(async () => {
    await node?.stop();
    for (const relay of relays) await relay.close();
    const admin = postgres(TEST_ADMIN_URL, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists ${database} with (force)`);
    await admin.end();
    await run("redis-cli", ["-n", String(REDIS_DB), "--scan", "--pattern", `${prefix}*`]).then(async ({ stdout }) => {
      const keys = stdout.split("\n").filter(Boolean);
      if (keys.length > 0) await run("redis-cli", ["-n", String(REDIS_DB), "del", ...keys]);
    });
  });

  test("helm install: the migrate Job completes and every pod becomes Ready", { timeout: 20 * 60_000 }, async () => {
    if (!node) throw new Error("no node");
    await run(
      helm,
      [
        "install",
        "fincoach",
        join(REPO, "charts/fincoach"),
        `--kubeconfig=${node.kubeconfig}`,
        `--namespace=${NAMESPACE}`,
        // No Prometheus Operator CRDs on this node; images are imported, never pulled.
        "--set=monitoring.enabled=false",
        "--set=image.pullPolicy=Never",
        "--wait",
        "--timeout=15m",
      ],
      { maxBuffer: 16 * 1024 * 1024, timeout: 16 * 60_000 },
    );
    const migrated = postgres(TEST_ADMIN_URL.replace(/\/[^/]*$/, `/${database}`), { max: 1, onnotice: () => {} });
    const [row] = await migrated`select count(*)::int as n from information_schema.tables where table_name = 'users'`;
    await migrated.end();
    assert.equal(row?.n, 1, "the migrate Job created the schema");
    await kubectl(["wait", "pods", "-l", "!batch.kubernetes.io/job-name", "--for=condition=Ready", "--timeout=300s"]);
    const pods = JSON.parse(await kubectl(["get", "pods", "-o", "json"])) as {
      items: { metadata: { name: string }; status: { phase: string } }[];
    };
    assert.ok(pods.items.length >= 6, pods.items.map((p) => p.metadata.name).join(", "));
  });

  test("a user registers and imports a statement through the API's Service", { timeout: 5 * 60_000 }, async () => {
    const ip = (await kubectl(["get", "service", "fincoach-api", "-o", "jsonpath={.spec.clusterIP}"])).trim();
    const base = `http://${ip}:8080`;
    const call = async (method: string, path: string, o: { token?: string; body?: unknown } = {}) => {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: {
          ...(o.token ? { authorization: `Bearer ${o.token}` } : {}),
          ...(o.body && !(o.body instanceof FormData) ? { "content-type": "application/json" } : {}),
        },
        body: o.body instanceof FormData ? o.body : o.body ? JSON.stringify(o.body) : undefined,
        signal: AbortSignal.timeout(60_000),
      });
      return { status: res.status, json: (await res.json().catch(() => undefined)) as Record<string, unknown> };
    };
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
    const token = registered.accessToken;
    const account = await call("POST", "/v1/accounts", {
      token,
      body: { name: "Main", type: "checking", currency: "EUR" },
    });
    assert.equal(account.status, 201, JSON.stringify(account.json));
    const form = new FormData();
    form.set("file", new File([await readFile(STATEMENT)], "abnamro.sta"));
    form.set("accountId", String(account.json.id));
    const imported = await call("POST", "/v1/imports", { token, body: form });
    assert.equal(imported.status, 201, JSON.stringify(imported.json));
    assert.deepEqual([imported.json.status, imported.json.inserted, imported.json.failed], ["completed", 10, 0]);
    const balance = await call("GET", `/v1/accounts/${account.json.id}`, { token });
    assert.equal(balance.json.balance, "-345.93");
  });

  test("the node's teardown leaves the machine as it was", { timeout: 120_000 }, async () => {
    assert.deepEqual(await node?.stop(), []);
  });
});
