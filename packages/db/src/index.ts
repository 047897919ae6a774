export { type CheckPostgresOptions, checkPostgres } from "./check-postgres.ts";
export {
  createDatabase,
  type Database,
  type DatabaseOptions,
  type Db,
  type DbOrTx,
  type Schema,
  type Tx,
} from "./client.ts";
export { MIGRATIONS_FOLDER, migrateDatabase } from "./migrate.ts";
export { type PostgresTarget, postgresTarget } from "./postgres-target.ts";
export * from "./schema/index.ts";
