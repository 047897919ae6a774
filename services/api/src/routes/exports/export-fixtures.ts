import { categories, type NewTransaction, transactionSplits, transactions } from "@fincoach/db";
import type { Harness } from "../../test-support/api-harness.ts";

type Row = Partial<NewTransaction> & { date: string; amountMinor: bigint; description: string };

/** Inserts transactions for `userId` directly, so export tests don't depend on other endpoints. */
export const insertTransactions = async (
  h: Harness,
  userId: string,
  accountId: string,
  rows: Row[],
  currency = "EUR",
) =>
  h.database.db
    .insert(transactions)
    .values(rows.map((r) => ({ userId, accountId, currency, ...r })))
    .returning();

export const insertCategory = async (h: Harness, userId: string, name: string) =>
  (await h.database.db.insert(categories).values({ userId, name, kind: "expense" }).returning())[0]!;

export const insertSplits = async (
  h: Harness,
  userId: string,
  transactionId: string,
  parts: { categoryId: string; amountMinor: bigint }[],
) => h.database.db.insert(transactionSplits).values(parts.map((p) => ({ userId, transactionId, ...p })));

/** A strict RFC 4180 reader (CRLF records, quoted fields), enough to check what the export wrote. */
export const parseCsv = (text: string): string[][] => {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch !== '"') cell += ch;
      else if (text[i + 1] === '"') cell += text[++i];
      else quoted = false;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(cell);
      cell = "";
    } else if (ch === "\r" && text[i + 1] === "\n") {
      rows.push([...row, cell]);
      row = [];
      cell = "";
      i++;
    } else cell += ch;
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows;
};
