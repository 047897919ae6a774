import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { categories } from "./categories.ts";
import { createdAt, id, updatedAt } from "./columns.ts";
import { users } from "./users.ts";

/**
 * The stored shape of a rule's conditions; `@fincoach/domain` validates it with zod before
 * it is written (every present condition must hold). Amounts are decimal strings, never
 * JSON numbers.
 */
export type RuleConditionsData = {
  descriptionContains?: string | undefined;
  merchantContains?: string | undefined;
  amountMin?: string | undefined;
  amountMax?: string | undefined;
  accountId?: string | undefined;
  direction?: "in" | "out" | undefined;
};

/** A person's categorization rule: conditions on a transaction -> category and tags. */
export const rules = pgTable(
  "rules",
  {
    id: id(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text().notNull(),
    /** 0-based place in the person's list, kept dense; lower runs first. */
    position: integer().notNull(),
    enabled: boolean().notNull().default(true),
    conditions: jsonb().$type<RuleConditionsData>().notNull(),
    // Set null, not cascade: deleting a category must not silently delete the rule (and its
    // tags action) with it; a rule left with no action is inert until edited.
    categoryId: uuid().references(() => categories.id, { onDelete: "set null" }),
    tags: text().array().notNull().default(sql`'{}'::text[]`),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("rules_user_position_idx").on(t.userId, t.position)],
);
export type Rule = typeof rules.$inferSelect;
