export { type CheckPostgresOptions, checkPostgres, postgresTarget } from "./check-postgres.ts";
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
export * from "./schema/index.ts";
