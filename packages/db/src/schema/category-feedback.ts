import { FEEDBACK_OUTCOMES } from "@fincoach/contracts";
import { index, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, id } from "./columns.ts";
import { CATEGORY_SOURCES } from "./transactions.ts";
import { users } from "./users.ts";

/**
 * A person's reaction to an automatic category: kept (accepted, once the window passed) or
 * changed (corrected). Counted per model version by the ML service's stats, and read by
 * rule suggestions and retraining. Rows outlive the transaction (stats are history).
 */
export const categoryFeedback = pgTable(
  "category_feedback",
  {
    id: id(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    transactionId: uuid(),
    /** The source that had decided (or suggested) the category. */
    source: text({ enum: CATEGORY_SOURCES }).notNull(),
    model: text(),
    modelVersion: text(),
    merchantKey: text(),
    predictedCategoryId: uuid(),
    finalCategoryId: uuid(),
    outcome: text({ enum: FEEDBACK_OUTCOMES }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index("category_feedback_version_idx").on(t.model, t.modelVersion, t.createdAt),
    index("category_feedback_user_merchant_idx").on(t.userId, t.merchantKey, t.createdAt),
  ],
);
export type CategoryFeedback = typeof categoryFeedback.$inferSelect;
