import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { linkSync, mkdtempSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { promisify } from "node:util";
import { TEST_ADMIN_URL } from "@fincoach/testing";
import postgres from "postgres";
import { type Dispatcher, fetch as undiciFetch } from "undici";
import { NODE_IP, type RealNode, startNode } from "../cluster/index.ts";
import { startHostRelay } from "./host-relay.ts";
import { buildTestImages, type TestImage } from "./test-images.ts";

const run = promisify(execFile);
const REPO = join(import.meta.dirname, "../..");
export const NAMESPACE = "fincoach";
export const RELEASE = "fincoach";
const REDIS_DB = 14;
// The services' default Redis prefix, in a database index of the test's own.
const REDIS_PREFIX = "fincoach:";

export type ApiResponse = { status: number; json: Record<string, unknown> };
/** Another way to the API than its Service: a base URL and the dispatcher that reaches it (an ingress). */
export type ApiRoute = { base: string; dispatcher: Dispatcher };

/**
 * `init` sent through `route` with undici's fetch (the dispatcher is undici's): the body as
 * bytes with the headers, a multipart boundary included, that the platform's Request gives it.
 */
export const fetchVia = async (route: ApiRoute, path: string, init: RequestInit) => {
  const request = new Request(`${route.base}${path}`, init);
  return undiciFetch(request.url, {
    method: request.method,
    headers: [...request.headers],
    body: request.body ? Buffer.from(await request.arrayBuffer()) : undefined,
    signal: init.signal ?? undefined,
    dispatcher: route.dispatcher,
  });
};

/**
 * A real node prepared for the chart, shared by the e2e files that install FinCoach: the
 * product's images imported, a fresh empty database on the machine's PostgreSQL and Redis DB
 * 14 (relayed to the node's address: they listen on loopback only), and the `fincoach` Secret
 * the chart reads. `install()` runs `helm install`; `stop()` tears everything down and
 * resolves the node's differences from the machine as it was (empty when clean).
 */
export type PreparedRelease = {
  readonly node: RealNode;
  readonly helm: string;
  readonly database: string;
  readonly images: readonly TestImage[];
  /** The worker image's reference (the chart's tag), for SyncSchedule pools. */
  readonly workerImage: string;
  /** kubectl in the release's namespace; throws with stderr on a non-zero exit. */
  kubectl(args: readonly string[], input?: string): Promise<string>;
  /** helm against the node, in the release's namespace; resolves stdout. */
  helmRun(args: readonly string[], timeoutMs?: number): Promise<string>;
  /**
   * `helm install` of charts/fincoach with the e2e defaults plus `valuesFiles` (`-f`) and
   * `sets` (`key=value`); `wait: false` leaves out `--wait` (a dev install: Helm still waits
   * for its hooks).
   */
  install(sets?: readonly string[], options?: { valuesFiles?: readonly string[]; wait?: boolean }): Promise<void>;
  /** A client of the release's database (the caller ends it). */
  db(): postgres.Sql;
  /** The API through its Service's ClusterIP (the machine routes Service addresses to the node). */
  apiUrl(path: string): Promise<string>;
  /** The API through its Service, or through `via`. */
  call(method: string, path: string, o?: { token?: string; body?: unknown; via?: ApiRoute }): Promise<ApiResponse>;
  /** Relays a loopback-only port of the machine to the node's address (closed by stop()). */
  relay(port: number): Promise<void>;
  stop(): Promise<string[]>;
};

/**
 * `extraImages`: test images to import besides the product's five (build-test-images names, e.g. `postgres`).
 * `lockTimeoutMs`: how long to wait for the machine's one node (startNode's default: 15 min).
 */
export const prepareRelease = async ({
  extraImages = [],
  lockTimeoutMs,
}: {
  extraImages?: readonly string[];
  lockTimeoutMs?: number;
} = {}): Promise<PreparedRelease> => {
  const helm = (await run("bash", [join(REPO, "scripts/helm/build.sh")], { maxBuffer: 64 * 1024 * 1024 })).stdout
    .trim()
    .split("\n")
    .at(-1) as string;
  const { images, pause } = await buildTestImages(["api", "ml", "worker", "beat", "operator", ...extraImages]);
  // Hard links to this run's tars until the node has imported them: while this file waits
  // for the node, another file's build of a changed tree replaces (deletes) a cached tar.
  const pinned = mkdtempSync(join(dirname(pause.tarFile), ".pinned-"));
  let tars: string[];
  try {
    tars = [...images, pause].map((i) => {
      const link = join(pinned, basename(i.tarFile));
      linkSync(i.tarFile, link);
      return link;
    });
  } catch (error) {
    rmSync(pinned, { recursive: true, force: true });
    throw error;
  }
  // The tag the chart installs (the root package's version), as the images were built.
  const workerImage =
    images.find((i) => i.reference.includes("/worker:"))?.reference ??
    assert.fail("build-test-images built no worker image");
  const database = `fincoach_e2e_${randomBytes(6).toString("hex")}`;
  const admin = postgres(TEST_ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${database}`);
  await admin.end();
  const relays: { close(): Promise<void> }[] = [];
  const cleanUpData = async () => {
    for (const relay of relays.splice(0)) await relay.close();
    const a = postgres(TEST_ADMIN_URL, { max: 1, onnotice: () => {} });
    await a.unsafe(`drop database if exists ${database} with (force)`);
    await a.end();
    const { stdout } = await run("redis-cli", ["-n", String(REDIS_DB), "--scan", "--pattern", `${REDIS_PREFIX}*`]);
    const keys = stdout.split("\n").filter(Boolean);
    if (keys.length > 0) await run("redis-cli", ["-n", String(REDIS_DB), "del", ...keys]);
  };
  let node: RealNode;
  try {
    node = await startNode({
      images: tars,
      pauseImage: pause.reference,
      ...(lockTimeoutMs === undefined ? {} : { lockTimeoutMs }),
    });
  } catch (error) {
    await cleanUpData();
    throw error;
  } finally {
    rmSync(pinned, { recursive: true, force: true });
  }
  const kubectl = async (args: readonly string[], input?: string) => {
    const result = await node.kubectl(["-n", NAMESPACE, ...args], { input, timeoutMs: 120_000 });
    if (result.code !== 0) throw new Error(`kubectl ${args.join(" ")}: ${result.stderr}`);
    return result.stdout;
  };
  const helmRun = async (args: readonly string[], timeoutMs = 5 * 60_000) =>
    (
      await run(helm, [...args, `--kubeconfig=${node.kubeconfig}`, `--namespace=${NAMESPACE}`], {
        maxBuffer: 16 * 1024 * 1024,
        timeout: timeoutMs,
      })
    ).stdout;
  const relay = async (port: number) => {
    relays.push(await startHostRelay(NODE_IP, port));
  };
  let apiBase = "";
  let stopped: Promise<string[]> | undefined;
  const apiUrl = async (path: string) => {
    if (!apiBase) {
      const ip = (await kubectl(["get", "service", "fincoach-api", "-o", "jsonpath={.spec.clusterIP}"])).trim();
      apiBase = `http://${ip}:8080`;
    }
    return `${apiBase}${path}`;
  };
  const release: PreparedRelease = {
    node,
    helm,
    database,
    images,
    workerImage,
    kubectl,
    helmRun,
    relay,
    apiUrl,
    async install(sets = [], { valuesFiles = [], wait = true } = {}) {
      await helmRun(
        [
          "install",
          RELEASE,
          join(REPO, "charts/fincoach"),
          ...valuesFiles.map((f) => `--values=${f}`),
          // No Prometheus Operator CRDs on this node; images are imported, never pulled.
          "--set=monitoring.enabled=false",
          "--set=image.pullPolicy=Never",
          ...sets.map((s) => `--set=${s}`),
          ...(wait ? ["--wait"] : []),
          "--timeout=15m",
        ],
        16 * 60_000,
      );
    },
    db: () => postgres(TEST_ADMIN_URL.replace(/\/[^/]*$/, `/${database}`), { max: 1, onnotice: () => {} }),
    async call(method, path, o = {}) {
      const init: RequestInit = {
        method,
        headers: {
          ...(o.token ? { authorization: `Bearer ${o.token}` } : {}),
          ...(o.body && !(o.body instanceof FormData) ? { "content-type": "application/json" } : {}),
        },
        body: o.body instanceof FormData ? o.body : o.body ? JSON.stringify(o.body) : undefined,
        signal: AbortSignal.timeout(60_000),
      };
      const res = o.via ? await fetchVia(o.via, path, init) : await fetch(await apiUrl(path), init);
      return { status: res.status, json: (await res.json().catch(() => undefined)) as Record<string, unknown> };
    },
    // Once: the test that asserts a clean teardown and the file's after() both call it.
    stop() {
      stopped ??= (async () => {
        try {
          return await node.stop();
        } finally {
          await cleanUpData();
        }
      })();
      return stopped;
    },
  };
  try {
    await relay(5432);
    await relay(6379);
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
  } catch (error) {
    await release.stop();
    throw error;
  }
  return release;
};

/** Registers a new person through the API (retrying while the API warms up); resolves their token. */
export const registerPerson = async (release: PreparedRelease): Promise<string> => {
  const email = `e2e-${randomBytes(4).toString("hex")}@example.com`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    const res = await release
      .call("POST", "/v1/auth/register", { body: { email, password: "correct horse battery staple" } })
      .catch((error: Error): ApiResponse => ({ status: 0, json: { error: error.message } }));
    if (res.status === 201) return String(res.json.accessToken);
    if (Date.now() > deadline) assert.fail(`register: ${res.status} ${JSON.stringify(res.json)}`);
    await new Promise((r) => setTimeout(r, 1_000));
  }
};
