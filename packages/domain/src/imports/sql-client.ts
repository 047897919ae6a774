import type { Database } from "@fincoach/db";

/**
 * The raw postgres.js client (a connection pool). Imports and exports use it directly for
 * what drizzle can't express: COPY streams, cursors and set-based INSERT ... SELECT.
 */
export type SqlClient = Database["sql"];

/** A postgres.js transaction: one reserved connection between BEGIN and COMMIT. */
export type TxSql = Parameters<Parameters<SqlClient["begin"]>[1]>[0];
