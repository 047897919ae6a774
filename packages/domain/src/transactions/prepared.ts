import type { DbOrTx } from "@fincoach/db";
import { fillPlaceholders, type SQL, sql } from "drizzle-orm";

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

/**
 * `statement` with its values as a drizzle SQL object: each `$n` of the text becomes a bound
 * parameter again. The text is drizzle's own output, which holds no string literals.
 */
const asSql = (statement: RawStatement, params: readonly unknown[]): SQL => {
  const chunks: SQL[] = [];
  let last = 0;
  for (const m of statement.text.matchAll(/\$(\d+)/g)) {
    chunks.push(sql.raw(statement.text.slice(last, m.index)), sql`${params[Number(m[1]) - 1]}`);
    last = m.index + m[0].length;
  }
  chunks.push(sql.raw(statement.text.slice(last)));
  return sql.join(chunks);
};

/**
 * Runs `statement` with its placeholders filled from `values` and returns postgres.js's rows
 * untouched. For hot read paths: drizzle's per-field row mapping cost more CPU than the
 * indexed query itself (bigint and Date objects that the caller only turns back into
 * strings). On the pool it is a server-side prepared statement through drizzle's public
 * `$client`; in a transaction (drizzle exposes no connection of a transaction) it goes
 * through the transaction's public `execute`, unprepared.
 */
export const runPrepared = async <Row extends object>(
  db: DbOrTx,
  statement: RawStatement,
  values: Record<string, unknown>,
): Promise<Row[]> => {
  const params = fillPlaceholders(statement.params as unknown[], values);
  if ("$client" in db) return db.$client.unsafe<Row[]>(statement.text, params as never[], { prepare: true });
  return [...(await db.execute<Record<string, unknown>>(asSql(statement, params)))] as Row[];
};
