import { customType, jsonb, pgTable, uuid } from "drizzle-orm/pg-core";
import { createdAt } from "./columns.ts";
import { imports } from "./imports.ts";
import { users } from "./users.ts";

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => "bytea" });

/**
 * The file of a queued import, from the API's 202 until the worker finishes with it for good
 * (completed, or failed without another attempt), when the row is deleted in the same
 * transaction that records the outcome. PostgreSQL, not a shared volume or Redis, because it
 * is the one store the API and every worker replica already share, and its commit is what
 * makes "the upload is kept until its import is recorded" hold across crashes.
 */
export const importUploads = pgTable("import_uploads", {
  importId: uuid()
    .primaryKey()
    .references(() => imports.id, { onDelete: "cascade" }),
  userId: uuid()
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  content: bytea().notNull(),
  /** How to read the file, as the upload asked: format, file name, CSV mapping, statement (ImportStatement). */
  request: jsonb().$type<Record<string, unknown>>().notNull(),
  createdAt: createdAt(),
});
export type ImportUpload = typeof importUploads.$inferSelect;
