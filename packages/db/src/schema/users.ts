import { sql } from "drizzle-orm";
import { pgTable, real, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, id } from "./columns.ts";

export const users = pgTable(
  "users",
  {
    id: id(),
    email: text().notNull(),
    passwordHash: text().notNull(),
    /**
     * The model's pick is applied only at or above this probability; below it the
     * transaction stays uncategorized with the pick as a suggestion.
     */
    categoryConfidenceThreshold: real().notNull().default(0.5),
    createdAt: createdAt(),
  },
  // Emails compare case-insensitively; the unique index enforces it under concurrent sign-ups.
  (t) => [uniqueIndex("users_email_lower_idx").on(sql`lower(${t.email})`)],
);
export type User = typeof users.$inferSelect;
