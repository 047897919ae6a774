import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import type postgres from "postgres";
import { createPostgresClient } from "./postgres-client.ts";
import * as schema from "./schema/index.ts";

export type Schema = typeof schema;
/** The pool handle; `$client` is drizzle's public way to the postgres.js client under it. */
export type Db = PostgresJsDatabase<Schema> & { $client: postgres.Sql };
/** A transaction handle; query functions accept `Db | Tx` as their first argument. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type DbOrTx = Db | Tx;

export type Database = {
  db: Db;
  /** The raw postgres.js client, for COPY and the few queries drizzle can't express. */
  sql: postgres.Sql;
  close: () => Promise<void>;
};

export type DatabaseOptions = { max?: number; onnotice?: (n: postgres.Notice) => void };

/** Opens a pooled connection. snake_case columns map to camelCase fields by drizzle's `casing`. */
export const createDatabase = (url: string, { max = 10, onnotice = () => {} }: DatabaseOptions = {}): Database => {
  const sql = createPostgresClient(url, { max, onnotice, connection: { application_name: "fincoach" } });
  const db = drizzle({ client: sql, schema, casing: "snake_case" });
  return { db, sql, close: () => sql.end({ timeout: 5 }) };
};
