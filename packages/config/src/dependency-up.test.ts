import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { createServer, type Server, type Socket } from "node:net";
import { after, test } from "node:test";
import { Redis } from "ioredis";
import postgres from "postgres";
import { Registry } from "prom-client";
import { DEPENDENCY_UP_METRIC, registerDependencyUp } from "./dependency-up.ts";

const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const cleanups: (() => unknown)[] = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
});

/** A port nothing listens on: bound, then released. */
const closedPort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

/** A server that accepts connections and never says a word: a hung dependency. */
const silentPort = () =>
  new Promise<number>((resolve) => {
    const sockets = new Set<Socket>();
    const s: Server = createServer((socket) => void sockets.add(socket)).listen(0, "127.0.0.1", () =>
      resolve((s.address() as { port: number }).port),
    );
    cleanups.push(() => {
      for (const socket of sockets) socket.destroy();
      return new Promise((r) => s.close(r));
    });
  });

/** The gauge's value per dependency, as one scrape reads it. */
const scrape = async (registry: Registry) => {
  const metric = await registry.getSingleMetric(DEPENDENCY_UP_METRIC)?.get();
  return Object.fromEntries((metric?.values ?? []).map((v) => [v.labels.dependency, v.value]));
};

const until = async (condition: () => Promise<boolean>, what: string) => {
  for (let i = 0; i < 200; i++) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`${what}: not within 10 s`);
};

test("redis: 1 while a real redis-server answers, 0 once it is stopped, 1 again when it is back", async () => {
  const port = await closedPort();
  let server: ChildProcess | undefined;
  const start = async () => {
    server = spawn(
      "redis-server",
      ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
      {
        stdio: "ignore",
      },
    );
    cleanups.push(() => server?.exitCode === null && server.kill("SIGKILL"));
  };
  const stop = async () => {
    const child = server;
    assert.ok(child && child.exitCode === null);
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await exited;
  };
  await start();
  // The process's own client, as a service holds it: reconnecting, a couple of retries per command.
  const redis = new Redis(`redis://127.0.0.1:${port}`, { maxRetriesPerRequest: 2 });
  redis.on("error", () => {});
  cleanups.push(() => redis.disconnect());
  const registry = new Registry();
  registerDependencyUp(registry, [{ name: "redis", check: () => redis.ping() }], { timeoutMs: 300 });
  await until(async () => (await scrape(registry)).redis === 1, "up at first");
  await stop();
  assert.deepEqual(await scrape(registry), { redis: 0 });
  await start();
  await until(async () => (await scrape(registry)).redis === 1, "up again after the restart");
});

test("postgres: 1 on the real server, 0 on a closed port, 0 within the deadline on one that never answers", async () => {
  const port = await closedPort();
  const hung = await silentPort();
  const pools = {
    postgres: postgres(ADMIN_URL, { max: 1 }),
    refused: postgres(`postgres://u@127.0.0.1:${port}/db`, { max: 1 }),
    hung: postgres(`postgres://u@127.0.0.1:${hung}/db`, { max: 1, connect_timeout: 30 }),
  };
  cleanups.push(() => Promise.all(Object.values(pools).map((p) => p.end({ timeout: 0 }))));
  const registry = new Registry();
  registerDependencyUp(
    registry,
    Object.entries(pools).map(([name, sql]) => ({ name, check: () => sql`select 1` })),
    { timeoutMs: 500 },
  );
  const started = performance.now();
  assert.deepEqual(await scrape(registry), { postgres: 1, refused: 0, hung: 0 });
  // The hung server is given up at the deadline, not at its 30 s connect timeout.
  assert.ok(performance.now() - started < 10_000);
});

test("a check that throws at once is down, and the others are still reported", async () => {
  const registry = new Registry();
  registerDependencyUp(registry, [
    {
      name: "broken",
      check: () => {
        throw new Error("no client");
      },
    },
    { name: "fine", check: async () => {} },
  ]);
  assert.deepEqual(await scrape(registry), { broken: 0, fine: 1 });
});
