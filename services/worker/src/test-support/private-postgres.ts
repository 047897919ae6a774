import assert from "node:assert/strict";
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkPostgres } from "@fincoach/db";
import { eventually, freePort } from "@fincoach/testing";

/** Debian's server binaries (`postgresql-<major>` package), the newest installed. */
const binDir = () => {
  const root = "/usr/lib/postgresql";
  const majors = existsSync(root) ? readdirSync(root).filter((d) => existsSync(join(root, d, "bin", "postgres"))) : [];
  const newest = majors.sort((a, b) => Number(b) - Number(a))[0];
  assert.ok(newest, `no PostgreSQL server under ${root} (apt-get install postgresql)`);
  return join(root, newest, "bin");
};

/** PostgreSQL refuses to run as root: as root, the server runs as the `postgres` user. */
const runAs = () => {
  if (process.getuid?.() !== 0) return {};
  const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
  const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
  return { uid, gid };
};

export type PrivatePostgres = {
  /** The `postgres` database as superuser `postgres` (trust): the admin URL for createTestDatabase. */
  adminUrl: string;
  /** Fast shutdown (SIGINT: open transactions roll back, clients are disconnected), waits for the exit. */
  stop(): Promise<void>;
  /** Starts the server again on the same data and port; resolves once it answers. */
  start(): Promise<void>;
  /** Stops it (if running) and removes its data directory. */
  destroy(): Promise<void>;
};

/**
 * A PostgreSQL cluster of the test's own (initdb in a temp dir, a free port) that the test may
 * stop and start, unlike the shared server on 5432. The postmaster runs in the foreground as
 * a child process, so a stop is a signal and an exit, nothing left behind.
 */
export const startPrivatePostgres = async (): Promise<PrivatePostgres> => {
  const bin = binDir();
  const user = runAs();
  const dir = mkdtempSync(join(tmpdir(), "fincoach-pg-"));
  if (user.uid !== undefined) chownSync(dir, user.uid, user.gid);
  const data = join(dir, "data");
  execFileSync(join(bin, "initdb"), ["-D", data, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8"], {
    ...user,
    stdio: "ignore",
  });
  const port = await freePort();
  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let server: ChildProcess | undefined;

  const start = async () => {
    assert.equal(server, undefined, "PostgreSQL is already running");
    const child = spawn(
      join(bin, "postgres"),
      [
        ...["-D", data, "-p", String(port)],
        ...["-c", "listen_addresses=127.0.0.1", "-c", `unix_socket_directories=${dir}`],
        // A test cluster: durability across a machine crash is not what this tests (a clean stop flushes).
        ...["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"],
      ],
      { ...user, stdio: "ignore" },
    );
    server = child;
    child.once("exit", () => {
      if (server === child) server = undefined;
    });
    await eventually(async () => {
      assert.ok(child.exitCode === null, "PostgreSQL exited while starting");
      assert.equal(await checkPostgres(adminUrl, { timeoutMs: 2_000 }), undefined);
    }, 30_000);
  };

  const stop = async () => {
    const child = server;
    assert.ok(child && child.exitCode === null, "PostgreSQL is not running");
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGINT");
    assert.equal(await exited, 0, "PostgreSQL did not shut down cleanly");
  };

  await start();
  return {
    adminUrl,
    start,
    stop,
    destroy: async () => {
      if (server && server.exitCode === null) await stop().catch(() => server?.kill("SIGKILL"));
      rmSync(dir, { recursive: true, force: true });
    },
  };
};
