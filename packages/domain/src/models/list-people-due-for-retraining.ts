import { sql } from "drizzle-orm";
import type { RegistryCtx } from "./registry-context.ts";

/**
 * The people whose corrections since their own newest model (or ever, without one) reached
 * `minCorrections`: their model has fallen behind them. `userId` narrows it to one person
 * (after their feedback). One query over category_feedback's rows of the kind `corrected`,
 * so it also sees feedback the API recorded without the ML service.
 */
export const listPeopleDueForRetraining = async ({
  ctx,
  minCorrections,
  userId,
}: {
  ctx: RegistryCtx;
  minCorrections: number;
  userId?: string;
}): Promise<string[]> => {
  const rows = await ctx.db.execute<{ user_id: string }>(sql`
    select f.user_id
    from category_feedback f
    left join lateral (
      select max(v.created_at) as last_model from model_versions v where v.user_id = f.user_id
    ) m on true
    where f.outcome = 'corrected'
      and (m.last_model is null or f.created_at > m.last_model)
      ${userId === undefined ? sql`` : sql`and f.user_id = ${userId}`}
    group by f.user_id
    having count(*) >= ${minCorrections}
    order by f.user_id`);
  return rows.map((r) => r.user_id);
};
