import { date, index, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, minorUnits } from "./columns.ts";
import { goals } from "./goals.ts";
import { users } from "./users.ts";

export const goalContributions = pgTable(
  "goal_contributions",
  {
    id: id(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    goalId: uuid()
      .notNull()
      .references(() => goals.id, { onDelete: "cascade" }),
    amountMinor: minorUnits().notNull(),
    date: date({ mode: "string" }).notNull(),
    note: text(),
    createdAt: createdAt(),
  },
  (t) => [index("goal_contributions_goal_idx").on(t.goalId)],
);
export type GoalContribution = typeof goalContributions.$inferSelect;
