import { categoryFeedback } from "@fincoach/db";
import { and, count, eq, gt } from "drizzle-orm";
import type { Ctx } from "../shared/context.ts";

/** How many times the person changed an automatic category after `since` (null: ever). */
export const countCorrectionsSince = async ({ ctx, since }: { ctx: Ctx; since: Date | null }): Promise<number> => {
  const [row] = await ctx.db
    .select({ n: count() })
    .from(categoryFeedback)
    .where(
      and(
        eq(categoryFeedback.userId, ctx.userId),
        eq(categoryFeedback.outcome, "corrected"),
        since ? gt(categoryFeedback.createdAt, since) : undefined,
      ),
    );
  return row?.n ?? 0;
};
