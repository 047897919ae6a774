import { sql } from "drizzle-orm";
import { pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, id } from "./columns.ts";

export const users = pgTable(
  "users",
  {
    id: id(),
    email: text().notNull(),
    passwordHash: text().notNull(),
    createdAt: createdAt(),
  },
  // Emails compare case-insensitively; the unique index enforces it under concurrent sign-ups.
  (t) => [uniqueIndex("users_email_lower_idx").on(sql`lower(${t.email})`)],
);
export type User = typeof users.$inferSelect;
