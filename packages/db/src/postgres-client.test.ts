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

test("tries the URL's hosts in turn when one refuses", async () => {
  const closed = net.createServer();
  await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
  const deadPort = (closed.address() as net.AddressInfo).port;
  await new Promise((resolve) => closed.close(resolve));

  const real = new URL(ADMIN_URL);
  const url = `postgres://${real.username}@127.0.0.1:${deadPort},${real.hostname}:${real.port || 5432}${real.pathname}`;
  const ports: number[] = [];
  const sql = createPostgresClient(url, { max: 1, onnotice: () => {} }, (s) =>
    s.once("connect", () => ports.push(s.remotePort!)).once("error", () => ports.push(deadPort)),
  );
  try {
    const [row] = await sql<{ one: number }[]>`select 1 as one`;
    assert.equal(row!.one, 1);
    assert.deepEqual(ports, [deadPort, Number(real.port || 5432)]);
  } finally {
    await sql.end({ timeout: 1 });
  }
});

test("a Unix socket path is connected to as given", async () => {
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
