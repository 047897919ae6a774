import { sql } from "drizzle-orm";
import { date, foreignKey, index, jsonb, pgTable, real, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { accounts } from "./accounts.ts";
import { categories } from "./categories.ts";
import { createdAt, currencyCode, id, minorUnits, updatedAt } from "./columns.ts";
import { imports } from "./imports.ts";

/** What decided a transaction's category (in pipeline order, then the person's own choice). */
export const CATEGORY_SOURCES = ["rule", "memory", "model", "manual"] as const;
export type CategorySource = (typeof CATEGORY_SOURCES)[number];

/** One of the model's alternatives: the person's category when the label maps to one. */
export type CategoryAlternativeData = { label: string; categoryId: string | null; confidence: number };

export const transactions = pgTable(
  "transactions",
  {
    id: id(),
    userId: uuid().notNull(),
    accountId: uuid().notNull(),
    date: date({ mode: "string" }).notNull(),
    /** Signed: negative is money out of the account. */
    amountMinor: minorUnits().notNull(),
    currency: currencyCode().notNull(),
    description: text().notNull(),
    merchant: text(),
    categoryId: uuid().references(() => categories.id, { onDelete: "set null" }),
    notes: text(),
    tags: text().array().notNull().default(sql`'{}'::text[]`),
    /** Stable id from the source (FITID, bank reference, content hash); dedupes re-imports. */
    externalId: text(),
    importId: uuid().references(() => imports.id, { onDelete: "set null" }),
    /** Both legs of a transfer between two own accounts share one transferId. */
    transferId: uuid(),
    /** Who chose categoryId: a rule, a remembered correction, the model, or the person. */
    categorySource: text({ enum: CATEGORY_SOURCES }),
    /** The model's probability for its top class (rule, memory and manual choices: 1). */
    categoryConfidence: real(),
    /** The model and version that scored the row, when the model was consulted. */
    categoryModel: text(),
    categoryModelVersion: text(),
    /** The model's next best classes, for the UI and for feedback. */
    categoryAlternatives: jsonb().$type<CategoryAlternativeData[]>(),
    /**
     * Below the person's confidence threshold the model's pick is kept here as a
     * suggestion and categoryId stays null, rather than guessing.
     */
    suggestedCategoryId: uuid().references(() => categories.id, { onDelete: "set null" }),
    /** When the current categorySource decided; a model choice kept past a window is accepted feedback. */
    categorizedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  // Every index and foreign-key check here is paid per imported row, so each one earns its
  // place (bench/README.md, "Import: fewer checks and indexes per row").
  (t) => [
    // One check per row that both the account exists and belongs to the same person; a
    // person's deletion reaches transactions through their accounts.
    foreignKey({
      name: "transactions_account_fk",
      columns: [t.userId, t.accountId],
      foreignColumns: [accounts.userId, accounts.id],
    }).onDelete("cascade"),
    // Keyset pagination walks (date desc, id desc) within one user, with or without an
    // account filter: a person has few accounts, so no separate account/date index.
    index("transactions_user_date_idx").on(t.userId, t.date.desc(), t.id.desc()),
    // Dedupes re-imports (ON CONFLICT) and serves per-account sums and the account's
    // cascade. Not partial: NULL external ids never conflict, and the account lookups need
    // every row.
    uniqueIndex("transactions_account_external_id_idx").on(t.accountId, t.externalId),
    // Partial: most rows have neither, and imports write neither.
    index("transactions_category_idx").on(t.categoryId).where(sql`${t.categoryId} is not null`),
    index("transactions_transfer_idx").on(t.transferId).where(sql`${t.transferId} is not null`),
  ],
);
export type Transaction = typeof transactions.$inferSelect;
export type NewTransaction = typeof transactions.$inferInsert;
