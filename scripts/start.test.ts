import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import postgres from "postgres";

const root = join(import.meta.dirname, "..");
const dataDir = mkdtempSync(join(tmpdir(), "fincoach-start-"));
after(() => rmSync(dataDir, { recursive: true, force: true }));

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

/** Runs `npm start`'s script the way the README does, minus npm, and waits for its "API on" line. */
const start = async (env: Record<string, string>) => {
  const { DATABASE_URL: _ignored, ...inherited } = process.env; // only `env` may name a database
  const child = spawn("sh", [join(root, "scripts/node.sh"), join(root, "scripts/start.ts")], {
    // METRICS_PORT 0: a free port, so a FinCoach running on this machine can't collide with the test's.
    env: {
      ...inherited,
      METRICS_PORT: "0",
      WORKER_METRICS_PORT: "0",
      BEAT_METRICS_PORT: "0",
      ...env,
      FINCOACH_DATA_DIR: dataDir,
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout?.on("data", (d) => (out += d));
  child.stderr?.on("data", (d) => (out += d));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "API on" line in 90 s:\n${out}`)), 90_000);
    child.stdout?.on("data", () => {
      if (!out.includes("API on")) return;
      clearTimeout(timer);
      resolve();
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`exited ${code}:\n${out}`));
    });
  });
  return { child, output: () => out };
};

const stop = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    child.once("exit", (code) => resolve(code));
    child.kill("SIGTERM");
  });

/** Retries until the API accepts connections (it logs "listening" just after the start line). */
const get = async (url: string): Promise<Response> => {
  for (let i = 0; ; i++) {
    try {
      return await fetch(url);
    } catch (e) {
      // 60 s: on first start the ML service trains its default model beside it, on the same cores.
      if (i > 600) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
};

/**
 * A new person's first transaction is categorized by the default model the ML service
 * trained on first start, through the API's pipeline (rules, memory, then the model).
 */
/** The fields of the API's answers this check reads. */
type Body = {
  accessToken: string;
  id: string;
  items: { id: string; name: string }[];
  categoryId: string | null;
  category: { source: string | null; modelVersion: string | null };
};
const categorizesFromTheFirstMinute = async (api: string, ml: string) => {
  const call = async (method: string, path: string, token: string | null, body?: unknown) => {
    const response = await fetch(`${api}${path}`, {
      method,
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, json: (await response.json()) as Body };
  };
  const registered = await call("POST", "/v1/auth/register", null, {
    email: "first-minute@example.com",
    password: "a long enough passphrase",
  });
  assert.equal(registered.status, 201);
  const token = registered.json.accessToken;
  const account = await call("POST", "/v1/accounts", token, { name: "Card", type: "credit_card", currency: "GBP" });
  assert.equal(account.status, 201, JSON.stringify(account.json));
  // Training the default model takes a few seconds on first start; the service is ready once it serves.
  const ready = () =>
    fetch(`${ml}/readyz`).then(
      (r) => r.status === 200,
      () => false, // not listening yet: it listens once the model is trained
    );
  for (let i = 0; !(await ready()); i++) {
    if (i > 1200) assert.fail("the ML service never became ready");
    await new Promise((r) => setTimeout(r, 100));
  }
  const created = await call("POST", "/v1/transactions", token, {
    accountId: account.json.id,
    date: "2026-11-30",
    amount: "-72.61",
    description: "SHELL KINGS 587",
  });
  assert.equal(created.status, 201, JSON.stringify(created.json));
  const categories = await call("GET", "/v1/categories", token);
  const fuel = categories.json.items.find((c) => c.name === "Fuel");
  assert.equal(created.json.category.source, "model");
  assert.equal(created.json.categoryId, fuel?.id, JSON.stringify(created.json.category));
  assert.equal(created.json.category.modelVersion, "v1");
};

test("npm start: embedded PostgreSQL, migrations, API over a real socket; data survives a restart", {
  timeout: 240_000,
}, async () => {
  const [pgPort, apiPort, mlPort] = [await freePort(), await freePort(), await freePort()];
  const env = { EMBEDDED_POSTGRES_PORT: String(pgPort), PORT: String(apiPort), ML_PORT: String(mlPort) };

  const first = await start(env);
  assert.match(first.output(), /starting embedded PostgreSQL/);
  assert.equal((await get(`http://127.0.0.1:${apiPort}/readyz`)).status, 200);
  const doc = (await (await get(`http://127.0.0.1:${apiPort}/openapi.json`)).json()) as { openapi: string };
  assert.equal(doc.openapi, "3.1.0");
  await categorizesFromTheFirstMinute(`http://127.0.0.1:${apiPort}`, `http://127.0.0.1:${mlPort}`).catch((e) => {
    throw new Error(`${e}\n${first.output()}`);
  });
  const db = postgres(`postgres://fincoach:fincoach@127.0.0.1:${pgPort}/fincoach`, { max: 1 });
  await db`delete from users`;
  await db`insert into users (email, password_hash) values ('kept@example.com', 'x')`;
  await db.end();
  assert.equal(await stop(first.child), 0);

  const second = await start(env);
  const again = postgres(`postgres://fincoach:fincoach@127.0.0.1:${pgPort}/fincoach`, { max: 1 });
  const rows = await again`select email from users`;
  await again.end();
  assert.deepEqual(
    rows.map((r) => r.email),
    ["kept@example.com"],
  );
  assert.equal(await stop(second.child), 0);
});

test("npm start without Redis says so in one line and exits non-zero", { timeout: 60_000 }, async () => {
  const port = await freePort();
  const child = spawn("sh", [join(root, "scripts/node.sh"), join(root, "scripts/start.ts")], {
    env: { ...process.env, FINCOACH_DATA_DIR: dataDir, REDIS_URL: `redis://127.0.0.1:${port}` },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let err = "";
  child.stderr?.on("data", (d) => (err += d));
  const code = await new Promise((r) => child.once("exit", r));
  assert.notEqual(code, 0);
  assert.equal(
    err,
    `fincoach: no Redis answers: Redis at 127.0.0.1:${port}: connection refused; start one (e.g. 'redis-server --daemonize yes' or 'docker run -p 6379:6379 redis:7') or set REDIS_URL\n`,
  );
});

/** Runs `npm start`'s script until it exits, for the start-ups that must fail. */
const startFailing = async (env: Record<string, string>) => {
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  const child = spawn("sh", [join(root, "scripts/node.sh"), join(root, "scripts/start.ts")], {
    env: {
      ...inherited,
      METRICS_PORT: "0",
      WORKER_METRICS_PORT: "0",
      BEAT_METRICS_PORT: "0",
      FINCOACH_DATA_DIR: dataDir,
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let err = "";
  child.stderr?.on("data", (d) => (err += d));
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  return { code, err };
};

test("npm start with an unreachable DATABASE_URL names host:port and the cause in one line", {
  timeout: 60_000,
}, async () => {
  const port = await freePort();
  const { code, err } = await startFailing({
    DATABASE_URL: `postgres://fincoach:s3cret-pw@127.0.0.1:${port}/fincoach`,
  });
  assert.notEqual(code, 0);
  assert.equal(
    err,
    `fincoach: PostgreSQL at 127.0.0.1:${port}: connection refused; check DATABASE_URL (without it, npm start runs an embedded PostgreSQL)\n`,
  );
});

test("npm start with a DATABASE_URL whose user the server refuses says authentication failed", {
  timeout: 60_000,
}, async () => {
  const url = new URL(process.env.TEST_DATABASE_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres");
  url.username = "nosuchuser";
  url.password = "s3cret-pw";
  const { code, err } = await startFailing({ DATABASE_URL: url.toString() });
  assert.notEqual(code, 0);
  assert.match(
    err,
    /^fincoach: PostgreSQL at [^ ]+:\d+: authentication failed for user "nosuchuser" \(.*\); check DATABASE_URL/,
  );
  assert.equal(err.split("\n").length, 2, err);
  assert.ok(!err.includes("s3cret-pw"));
});

test("a migration the database refuses names host:port and the server's reason, not just the statement", {
  timeout: 60_000,
}, async () => {
  const adminUrl = process.env.TEST_DATABASE_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const name = `fincoach_start_noperm_${process.pid}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.unsafe(`create role ${name} login`); // may connect, may not create the drizzle schema
  try {
    const url = new URL(adminUrl);
    url.username = name;
    url.pathname = `/${name}`;
    const { code, err } = await startFailing({ DATABASE_URL: url.toString() });
    assert.notEqual(code, 0);
    assert.equal(
      err,
      `fincoach: migrating PostgreSQL at ${url.hostname}:${url.port || 5432} failed: permission denied for database ${name}\n`,
    );
  } finally {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.unsafe(`drop role if exists ${name}`);
    await admin.end();
  }
});

test("an embedded PostgreSQL that can't take its port says why in one line", { timeout: 120_000 }, async () => {
  const taken = createServer();
  const port = await new Promise<number>((resolve) =>
    taken.listen(0, "127.0.0.1", () => resolve((taken.address() as { port: number }).port)),
  );
  try {
    const { code, err } = await startFailing({ EMBEDDED_POSTGRES_PORT: String(port) });
    assert.notEqual(code, 0);
    assert.match(
      err,
      new RegExp(
        `^fincoach: embedded PostgreSQL on 127\\.0\\.0\\.1:${port} did not start: could not bind .*Address already in use\n$`,
      ),
    );
  } finally {
    await new Promise((resolve) => taken.close(resolve));
  }
});

test("with DATABASE_URL, SIGTERM stops the services first and exits 0", { timeout: 120_000 }, async () => {
  const adminUrl = process.env.TEST_DATABASE_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const name = `fincoach_start_${process.pid}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  try {
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const apiPort = await freePort();
    const { child, output } = await start({ DATABASE_URL: url.toString(), PORT: String(apiPort) });
    assert.doesNotMatch(output(), /embedded PostgreSQL/);
    assert.equal((await get(`http://127.0.0.1:${apiPort}/readyz`)).status, 200);
    // embedded-postgres's exit hook is loaded even when unused; it used to exit 143 at once.
    assert.equal(await stop(child), 0);
  } finally {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
});
