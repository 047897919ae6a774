import { accounts, createDatabase, type Database, imports, migrateDatabase, users } from "@fincoach/db";
import { benchDatabaseUrl, recreateDatabase } from "../shared/bench-database.ts";

export type ImportBenchDatabase = Database & {
  userId: string;
  /** A new, empty account: every measured path writes into its own, so none sees another's rows. */
  newAccount: (name: string) => Promise<string>;
  /** An import record for `accountId` (imported transactions reference one). */
  newImportRecord: (accountId: string) => Promise<string>;
};

/** A freshly created and migrated database with one person to import for. */
export const openImportDatabase = async (name: string, currency: string): Promise<ImportBenchDatabase> => {
  await recreateDatabase(name);
  const url = benchDatabaseUrl(name);
  await migrateDatabase(url);
  const database = createDatabase(url, { max: 5 });
  const [user] = await database.db
    .insert(users)
    .values({ email: "importer@example.com", passwordHash: "not-a-real-hash" })
    .returning({ id: users.id });
  const userId = user!.id;
  const newAccount = async (accountName: string) => {
    const [row] = await database.db
      .insert(accounts)
      .values({ userId, name: accountName, type: "checking", currency })
      .returning({ id: accounts.id });
    return row!.id;
  };
  const newImportRecord = async (accountId: string) => {
    const [row] = await database.db
      .insert(imports)
      .values({ userId, accountId, format: "csv", fileSha256: "bench", status: "running" })
      .returning({ id: imports.id });
    return row!.id;
  };
  return { ...database, userId, newAccount, newImportRecord };
};
