import { fileURLToPath } from "node:url";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import { createPostgresClient } from "./postgres-client.ts";

export const MIGRATIONS_FOLDER = fileURLToPath(new URL("../migrations", import.meta.url));

/**
 * Applies the committed migrations. drizzle's migrator takes an advisory-free lock-step
 * approach (one transaction, journal table), so running it twice is a no-op.
 */
export const migrateDatabase = async (url: string): Promise<void> => {
  const sql = createPostgresClient(url, { max: 1, onnotice: () => {} });
  try {
    await migrate(drizzle({ client: sql }), { migrationsFolder: MIGRATIONS_FOLDER });
  } finally {
    await sql.end({ timeout: 5 });
  }
};
