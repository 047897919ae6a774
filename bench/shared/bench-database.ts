import { createDatabase, type Database } from "@fincoach/db";

/** The server every benchmark database lives on (trust auth as user postgres, like the tests). */
export const BENCH_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres";

/** The URL of database `name` on the bench server. */
export const benchDatabaseUrl = (name: string): string => {
  const url = new URL(BENCH_ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
};

const withAdmin = async <T>(fn: (sql: Database["sql"]) => Promise<T>): Promise<T> => {
  const admin = createDatabase(BENCH_ADMIN_URL, { max: 1 });
  try {
    return await fn(admin.sql);
  } finally {
    await admin.close();
  }
};

/** Whether database `name` exists. */
export const databaseExists = (name: string): Promise<boolean> =>
  withAdmin(async (sql) => (await sql`select 1 from pg_database where datname = ${name}`).length > 0);

/** Drops database `name` (closing its connections) and creates it empty. */
export const recreateDatabase = (name: string): Promise<void> =>
  withAdmin(async (sql) => {
    await sql.unsafe(`drop database if exists "${name}" with (force)`);
    await sql.unsafe(`create database "${name}"`);
  });

/** Drops database `name` if it exists. */
export const dropDatabase = (name: string): Promise<void> =>
  withAdmin(async (sql) => void (await sql.unsafe(`drop database if exists "${name}" with (force)`)));

/**
 * A lister of the Postgres backends serving database `name` (for CPU accounting), on one
 * admin connection kept open until `close`; its own backend is left out.
 */
export const backendPidsOf = (name: string): { list: () => Promise<number[]>; close: () => Promise<void> } => {
  const admin = createDatabase(BENCH_ADMIN_URL, { max: 1 });
  return {
    list: async () =>
      (
        await admin.sql<{ pid: number }[]>`select pid from pg_stat_activity
          where datname = ${name} and backend_type = 'client backend' and pid <> pg_backend_pid()`
      ).map((r) => r.pid),
    close: () => admin.close(),
  };
};
