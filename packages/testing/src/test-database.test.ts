import assert from "node:assert/strict";
import { test } from "node:test";
import { createTestDatabase } from "./test-database.ts";

test("creates a migrated database and drops it", async () => {
  const t = await createTestDatabase();
  const [row] = await t.sql`select count(*)::int as n from information_schema.tables where table_name = 'transactions'`;
  assert.equal(row?.n, 1);
  await t.drop();
  const admin = await import("postgres").then((m) => m.default(t.url.replace(/\/[^/]+$/, "/postgres"), { max: 1 }));
  const name = new URL(t.url).pathname.slice(1);
  const gone = await admin`select 1 from pg_database where datname = ${name}`;
  await admin.end();
  assert.equal(gone.length, 0);
});
