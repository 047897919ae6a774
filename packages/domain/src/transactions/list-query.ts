import { type DbOrTx, transactionSplits, transactions } from "@fincoach/db";
import { and, eq, getTableColumns, gte, ilike, lte, or, type SQL, sql } from "drizzle-orm";
import { amountBound } from "./amount-range.ts";
import { preparedFor } from "./prepared.ts";

/** The optional filters of a listing; which of them are present decides the statement's shape. */
export const LIST_FILTERS = ["accountId", "categoryId", "from", "to", "q", "minAmount", "maxAmount", "cursor"] as const;
export type ListFilter = (typeof LIST_FILTERS)[number];

const t = transactions;
const s = transactionSplits;
const p = sql.placeholder;

const conditionFor: Record<ListFilter, () => SQL | undefined> = {
  accountId: () => eq(t.accountId, p("accountId")),
  categoryId: () =>
    or(
      eq(t.categoryId, p("categoryId")),
      sql`exists (select 1 from ${s} where ${s.transactionId} = ${t.id} and ${s.categoryId} = ${p("categoryId")})`,
    ),
  from: () => gte(t.date, p("from")),
  to: () => lte(t.date, p("to")),
  q: () => or(ilike(t.description, p("q")), ilike(t.merchant, p("q")), ilike(t.notes, p("q"))),
  minAmount: () => amountBound(">="),
  maxAmount: () => amountBound("<="),
  // Row comparison matches the index order, so the scan starts right after the cursor.
  cursor: () => sql`(${t.date}, ${t.id}) < (${p("cursorDate")}::date, ${p("cursorId")}::uuid)`,
};

const build = (db: DbOrTx, present: ReadonlySet<ListFilter>) =>
  db
    .select({
      ...getTableColumns(t),
      // Splits are loaded only for the rows that have them; most pages then need no second query.
      // Spelled-out qualification: drizzle leaves columns in a select list unqualified, and a bare
      // "id" inside the subquery would mean transaction_splits.id.
      hasSplits: sql<boolean>`exists (select 1 from ${s} where ${s}.${sql.identifier("transaction_id")} = ${t}.${sql.identifier("id")})`,
    })
    .from(t)
    .where(and(eq(t.userId, p("userId")), ...LIST_FILTERS.filter((f) => present.has(f)).map((f) => conditionFor[f]())))
    // NULLS LAST spelled out to match transactions_user_date_idx exactly, or Postgres sorts instead.
    .orderBy(sql`${t.date} desc nulls last`, sql`${t.id} desc nulls last`)
    .limit(p("limit"))
    .prepare("transactions_page");

/**
 * The page query for this combination of filters: one statement walking
 * transactions_user_date_idx, values bound as placeholders (`userId`, `limit`, each
 * filter's name, `cursorDate`/`cursorId`, and `amountBoundValues` for amounts).
 */
export const pageQuery = (db: DbOrTx, present: ReadonlySet<ListFilter>) =>
  preparedFor(db, `transactions_page:${LIST_FILTERS.map((f) => (present.has(f) ? 1 : 0)).join("")}`, () =>
    build(db, present),
  );
