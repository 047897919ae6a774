import { index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { createdAt, id } from "./columns.ts";
import { users } from "./users.ts";

/** Long-lived tokens for scripts; shown once at creation, only their sha256 is kept. */
export const personalAccessTokens = pgTable(
  "personal_access_tokens",
  {
    id: id(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text().notNull(),
    tokenHash: text().notNull().unique(),
    /** First characters of the token, so a person can tell their tokens apart. */
    prefix: text().notNull(),
    expiresAt: timestamp({ withTimezone: true }),
    lastUsedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index("personal_access_tokens_user_idx").on(t.userId)],
);
export type PersonalAccessToken = typeof personalAccessTokens.$inferSelect;
