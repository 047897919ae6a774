import assert from "node:assert/strict";
import { createServer, type Server } from "node:net";
import { after, test } from "node:test";
import { checkPostgres } from "./check-postgres.ts";
import { postgresTarget } from "./postgres-target.ts";

const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const admin = new URL(ADMIN_URL);
const servers: Server[] = [];
after(() => Promise.all(servers.map((s) => new Promise((r) => s.close(r)))));

/** A port nothing listens on: bound, then released. */
const closedPort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

/** A server that accepts connections and never says a word. */
const silentPort = () =>
  new Promise<number>((resolve) => {
    const s = createServer(() => {}).listen(0, "127.0.0.1", () => resolve((s.address() as { port: number }).port));
    servers.push(s);
  });

test("a server that answers passes", async () => {
  assert.equal(await checkPostgres(ADMIN_URL), undefined);
});

test("a closed port: one line with host:port and 'connection refused', never the password", async () => {
  const port = await closedPort();
  const line = await checkPostgres(`postgres://fincoach:s3cret-pw@127.0.0.1:${port}/fincoach`);
  assert.equal(line, `PostgreSQL at 127.0.0.1:${port}: connection refused`);
});

test("an unknown user: authentication failed, naming the user and the server's reason", async () => {
  const url = new URL(ADMIN_URL);
  url.username = "nosuchuser";
  url.password = "s3cret-pw";
  const line = await checkPostgres(url.toString());
  assert.match(
    line ?? "",
    new RegExp(
      `^PostgreSQL at ${admin.hostname}:${admin.port || 5432}: authentication failed for user "nosuchuser" \\(.+\\)$`,
    ),
  );
  assert.ok(!line?.includes("s3cret-pw"));
});

test("a missing database is named", async () => {
  const url = new URL(ADMIN_URL);
  url.pathname = "/fincoach_no_such_database";
  assert.match((await checkPostgres(url.toString())) ?? "", /: database "fincoach_no_such_database" does not exist$/);
});

test("a server that never answers: timed out, within the deadline", async () => {
  const port = await silentPort();
  const line = await checkPostgres(`postgres://u@127.0.0.1:${port}/db`, { timeoutMs: 300 });
  assert.equal(line, `PostgreSQL at 127.0.0.1:${port}: timed out after 300 ms`);
});

test("an unknown host is said so", async () => {
  const line = await checkPostgres("postgres://u@fincoach-no-such-host.invalid/db", { timeoutMs: 5000 });
  assert.match(line ?? "", /^PostgreSQL at fincoach-no-such-host\.invalid:5432: unknown host/);
});

test("the target is read from the URL's text: several hosts, default port, socket folder", () => {
  assert.deepEqual(postgresTarget("postgres://u:p@h1:5433,h2/db?sslmode=require"), {
    where: "h1:5433,h2:5432",
    user: "u",
  });
  assert.deepEqual(postgresTarget("postgres:///db?host=/run/postgresql"), { where: "/run/postgresql", user: "" });
  assert.deepEqual(postgresTarget("postgresql://a%40b@localhost/db"), { where: "localhost:5432", user: "a@b" });
});
