/**
 * What the connection remembers between pages and syncs: Plaid's cursor to continue from
 * (`next`) and the cursor the current pagination started from (`start`). Plaid's rule on
 * TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION is to restart from the pagination's first
 * cursor; since each page is committed with its cursor, that first cursor must survive a
 * crash too. Stored as one string in the connection's `cursor` (opaque to everyone else).
 */
export type BankCursor = { start: string; next: string };

export const encodeBankCursor = (c: BankCursor): string => JSON.stringify({ s: c.start, n: c.next });

/** "" (nothing stored yet) is Plaid's first sync; a bare Plaid cursor is accepted as both. */
export const decodeBankCursor = (stored: string | undefined): BankCursor => {
  if (!stored) return { start: "", next: "" };
  try {
    const v = JSON.parse(stored) as { s?: unknown; n?: unknown };
    if (typeof v.s === "string" && typeof v.n === "string") return { start: v.s, next: v.n };
  } catch {
    // a plain Plaid cursor, below
  }
  return { start: stored, next: stored };
};
