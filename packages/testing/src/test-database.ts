import { randomBytes } from "node:crypto";
import { createDatabase, type Database, migrateDatabase } from "@fincoach/db";
import postgres from "postgres";

/** The server tests create their databases on; CI and developers have one at 127.0.0.1:5432. */
export const TEST_ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export type TestDatabase = Database & { url: string; drop: () => Promise<void> };

const withDatabase = (admin: string, name: string): string => {
  const u = new URL(admin);
  u.pathname = `/${name}`;
  return u.toString();
};

/**
 * A fresh, migrated database for one test file, dropped afterwards, so test files run in
 * parallel without seeing each other's rows.
 */
export const createTestDatabase = async (adminUrl = TEST_ADMIN_URL): Promise<TestDatabase> => {
  const name = `fincoach_test_${randomBytes(6).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(adminUrl, name);
  await migrateDatabase(url);
  const database = createDatabase(url, { max: 5 });
  return {
    ...database,
    url,
    drop: async () => {
      await database.close();
      const a = postgres(adminUrl, { max: 1, onnotice: () => {} });
      try {
        await a.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await a.end();
      }
    },
  };
};
