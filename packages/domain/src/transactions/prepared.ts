import type { Database, DbOrTx } from "@fincoach/db";
import { fillPlaceholders } from "drizzle-orm";

const cache = new WeakMap<object, Map<string, unknown>>();

/**
 * A prepared query built once per database handle and shape, then reused. Building a
 * drizzle query costs more CPU than running an indexed one, and a prepared statement
 * lets Postgres skip parsing and planning on every connection after its first use.
 */
export const preparedFor = <T>(db: DbOrTx, key: string, build: () => T): T => {
  let queries = cache.get(db);
  if (!queries) {
    queries = new Map();
    cache.set(db, queries);
  }
  let query = queries.get(key) as T | undefined;
  if (query === undefined) {
    query = build();
    queries.set(key, query);
  }
  return query;
};

/** SQL text built once by drizzle (so it follows the schema) and its parameters, some of them placeholders. */
export type RawStatement = { text: string; params: readonly unknown[] };

/** The postgres.js client behind a drizzle handle: the pool, or an open transaction's connection. */
const postgresClientOf = (db: DbOrTx): Database["sql"] => {
  // drizzle's postgres-js session keeps its client here for the pool and for transactions alike.
  const client = (db as unknown as { _?: { session?: { client?: unknown } } })._?.session?.client;
  if (typeof client !== "function") throw new Error("runPrepared needs a drizzle postgres-js handle");
  return client as Database["sql"];
};

/**
 * Runs `statement` as a server-side prepared statement on postgres.js directly, with its
 * placeholders filled from `values`, and returns postgres.js's rows untouched. For hot
 * read paths: drizzle's per-field row mapping cost more CPU than the indexed query itself
 * (bigint and Date objects that the caller only turns back into strings).
 */
export const runPrepared = <Row extends object>(
  db: DbOrTx,
  statement: RawStatement,
  values: Record<string, unknown>,
): Promise<Row[]> => {
  const params = fillPlaceholders(statement.params as unknown[], values) as never[];
  return postgresClientOf(db).unsafe<Row[]>(statement.text, params, { prepare: true });
};
