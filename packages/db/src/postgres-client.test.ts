import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { test } from "node:test";
import { createPostgresClient } from "./postgres-client.ts";

// @fincoach/testing depends on this package, so the server's URL is read here directly.
const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

/** Node has no public getter for TCP_NODELAY; net.Socket records it under this symbol. */
const noDelayOf = (socket: net.Socket): unknown => {
  const key = Object.getOwnPropertySymbols(socket).find((s) => s.description === "kSetNoDelay");
  return key === undefined ? undefined : (socket as unknown as Record<symbol, unknown>)[key];
};

test("queries, COPY and the statement after it go over sockets with TCP_NODELAY", async () => {
  const sockets: net.Socket[] = [];
  const sql = createPostgresClient(ADMIN_URL, { max: 1, onnotice: () => {} }, (s) => sockets.push(s));
  try {
    const count = await sql.begin(async (tx) => {
      await tx`create temp table copied (line text) on commit drop`;
      const writable = await tx`copy copied (line) from stdin`.writable();
      await pipeline(Readable.from(["a\n", "b\n", "c\n"]), writable);
      const [row] = await tx<{ n: number }[]>`select count(*)::int as n from copied`;
      return row!.n;
    });
    assert.equal(count, 3);
    assert.equal(sockets.length, 1);
    assert.equal(noDelayOf(sockets[0]!), true);
  } finally {
    await sql.end({ timeout: 1 });
  }
});

/** A port on 127.0.0.1 that nothing listens on. */
const deadPort = async () => {
  const closed = net.createServer();
  await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
  const port = (closed.address() as net.AddressInfo).port;
  await new Promise((resolve) => closed.close(resolve));
  return port;
};

// Deadlines: a client that ignored the path or the second host would retry forever.
test("several hosts are left to postgres.js, which moves past one that refuses", { timeout: 20_000 }, async () => {
  const dead = await deadPort();
  const real = new URL(ADMIN_URL);
  const url = `postgres://${real.username}@127.0.0.1:${dead},${real.hostname}:${Number(real.port || 5432)}${real.pathname}`;
  const made: net.Socket[] = [];
  const sql = createPostgresClient(url, { max: 1, onnotice: () => {} }, (s) => made.push(s));
  try {
    // The first attempt may meet the refusing host and fail; postgres.js's next goes on.
    const answer = async () => (await sql<{ one: number }[]>`select 1 as one`)[0]!.one;
    assert.equal(await answer().catch(answer), 1);
    assert.equal(made.length, 0, "no socket of ours: postgres.js chose the host");
  } finally {
    await sql.end({ timeout: 1 });
  }
});

/** Accepts connections and never answers, so attempts end at connect_timeout. */
const silentServer = async () => {
  const server = net.createServer();
  const held: net.Socket[] = [];
  server.on("connection", (s) => held.push(s));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: async () => {
      for (const s of held) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
};

test("connection errors name the host and port tried", { timeout: 20_000 }, async () => {
  const silent = await silentServer();
  const sql = createPostgresClient(`postgres://postgres@127.0.0.1:${silent.port}/postgres`, {
    max: 1,
    connect_timeout: 1,
    onnotice: () => {},
  });
  try {
    await assert.rejects(sql`select 1`, (error: Error) => error.message.includes(`127.0.0.1:${silent.port}`));
  } finally {
    await sql.end({ timeout: 0 });
    await silent.close();
  }
});

test("with target_session_attrs, postgres.js connects itself and picks the host", { timeout: 20_000 }, async () => {
  const made: net.Socket[] = [];
  const sql = createPostgresClient(ADMIN_URL, { max: 1, target_session_attrs: "read-write", onnotice: () => {} }, (s) =>
    made.push(s),
  );
  try {
    const [row] = await sql<{ transaction_read_only: string }[]>`show transaction_read_only`;
    assert.equal(row!.transaction_read_only, "off");
    assert.equal(made.length, 0);
  } finally {
    await sql.end({ timeout: 1 });
  }
});

test("a Unix socket path is connected to as given", { timeout: 20_000 }, async () => {
  const dir = await mkdtemp(join(tmpdir(), "fincoach-pg-"));
  const path = join(dir, ".s.PGSQL.5432");
  const server = net.createServer();
  const connected = new Promise<net.Socket>((resolve) => server.once("connection", resolve));
  await new Promise<void>((resolve) => server.listen(path, resolve));
  const sql = createPostgresClient(ADMIN_URL, { max: 1, path, onnotice: () => {} });
  try {
    // The stand-in never answers; reaching it is the point.
    sql`select 1`.catch(() => {});
    (await connected).destroy();
  } finally {
    await sql.end({ timeout: 0 });
    await new Promise((resolve) => server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  }
});
