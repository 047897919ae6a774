import type { DbOrTx } from "@fincoach/db";

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
