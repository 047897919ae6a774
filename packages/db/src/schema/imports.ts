import { index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { accounts } from "./accounts.ts";
import { createdAt, id } from "./columns.ts";
import { users } from "./users.ts";

/**
 * A synchronous import is created and completed in one transaction, so only `completed` is
 * ever seen for it. A queued one (a large upload, run by the worker) goes queued -> running
 * -> completed | failed, each visible.
 */
export const IMPORT_STATUSES = ["queued", "running", "completed", "failed"] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/** One uploaded statement file and what became of it. */
export const imports = pgTable(
  "imports",
  {
    id: id(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    accountId: uuid()
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    filename: text(),
    format: text().notNull(),
    fileSha256: text().notNull(),
    status: text({ enum: IMPORT_STATUSES }).notNull(),
    /** Records the file held; once completed, seen = inserted + duplicates + skipped. */
    seen: integer().notNull().default(0),
    inserted: integer().notNull().default(0),
    duplicates: integer().notNull().default(0),
    skipped: integer().notNull().default(0),
    failed: integer().notNull().default(0),
    /** Records whose text was cut to the API's field limits. */
    truncated: integer().notNull().default(0),
    errors: jsonb().$type<{ path: string; message: string }[]>().notNull().default([]),
    /** Records deliberately not imported, each with where it is and why. */
    skippedRecords: jsonb().$type<{ path: string; reason: string }[]>().notNull().default([]),
    /** The account number of the statement imported, when the file states one. */
    statementAccount: text(),
    /** Why a queued import failed (a refused file's problem detail; its issues are in `errors`). */
    error: text(),
    createdAt: createdAt(),
    /** When the worker first took a queued import up (null for synchronous imports). */
    startedAt: timestamp({ withTimezone: true }),
    /** When the import finished, completed or failed. */
    completedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index("imports_user_idx").on(t.userId, t.createdAt)],
);
export type Import = typeof imports.$inferSelect;
