import { categoryFeedback } from "@fincoach/db";
import { and, count, eq, gt, sql } from "drizzle-orm";
import type { RegistryCtx } from "./registry-context.ts";

export type VersionFeedbackCounts = { total: number; accepted: number };

/**
 * People's feedback on one version's suggestions since `since` (every person's: the stats
 * the operator gates a rollout on are about the version, not about one person).
 */
export const countVersionFeedback = async ({
  ctx,
  model,
  version,
  since,
}: {
  ctx: RegistryCtx;
  model: string;
  version: string;
  since: Date;
}): Promise<VersionFeedbackCounts> => {
  const [row] = await ctx.db
    .select({
      total: count(),
      accepted: sql<number>`count(*) filter (where ${categoryFeedback.outcome} = 'accepted')`.mapWith(Number),
    })
    .from(categoryFeedback)
    .where(
      and(
        eq(categoryFeedback.model, model),
        eq(categoryFeedback.modelVersion, version),
        gt(categoryFeedback.createdAt, since),
      ),
    );
  return { total: row?.total ?? 0, accepted: row?.accepted ?? 0 };
};
