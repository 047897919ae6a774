import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDatabase } from "@fincoach/db";
import { listTransactions } from "@fincoach/domain";

/** One real list response body, on disk for the bare server to serve, and how to remove it. */
export type ListPageFile = { path: string; bytes: number; items: number; remove: () => Promise<void> };

/**
 * The body `GET /v1/transactions?limit=50` returns for one seeded person: the route's own
 * use case on the bench database, serialised as the route's `c.json` does (JSON.stringify),
 * so the bare server's page scenarios carry exactly the bytes a list request carries.
 * Written to a temp file because the bare server is another process.
 */
export const writeListPageFile = async (databaseUrl: string, userId: string): Promise<ListPageFile> => {
  const database = createDatabase(databaseUrl, { max: 1 });
  let body: string;
  let items: number;
  try {
    const page = await listTransactions({ ctx: { db: database.db, userId }, input: { limit: 50 } });
    body = JSON.stringify(page);
    items = page.items.length;
  } finally {
    await database.close();
  }
  const dir = await mkdtemp(join(tmpdir(), "fincoach-bench-page-"));
  const path = join(dir, "page.json");
  await writeFile(path, body);
  return { path, bytes: Buffer.byteLength(body), items, remove: () => rm(dir, { recursive: true, force: true }) };
};
