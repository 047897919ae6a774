import type { Db } from "@fincoach/db";
import { sql } from "drizzle-orm";

/** How long a model's choice must stand before keeping it counts as accepting it. */
export const DEFAULT_ACCEPT_WINDOW_MS = 7 * 24 * 3600 * 1000;

/** Rows settled per statement: bounds one transaction's size on a large backlog. */
const BATCH = 5000;

/**
 * Records `accepted` feedback for every model choice the person kept past `window` (ms):
 * transactions whose category the model applied (source `model`, a category set) at least
 * `window` before `now`. Idempotent: a transaction is settled when a model `accepted`
 * feedback row for it exists from its current decision on (created at or after its
 * `categorized_at`), so re-runs, and runs in several processes at once (an advisory lock
 * queues them), record each choice once. A category the person changed became `manual`
 * and is never settled; a later model decision of the same row would be settled anew.
 * Every person's rows, for a periodic caller (the API runs it on a timer). Returns how many
 * it settled.
 */
export const settleAcceptedCategories = async ({
  db,
  now,
  window = DEFAULT_ACCEPT_WINDOW_MS,
}: {
  db: Db;
  now: Date;
  window?: number;
}): Promise<{ settled: number }> => {
  const cutoff = new Date(now.getTime() - window).toISOString();
  let settled = 0;
  for (;;) {
    const inserted = await db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext('fincoach:settle-accepted-categories'))`);
      const rows = await tx.execute<{ n: number }>(sql`
        with due as (
          select t.user_id, t.id, t.category_model, t.category_model_version, t.category_id, t.categorized_at
          from transactions t
          where t.category_source = 'model' and t.category_id is not null and t.categorized_at <= ${cutoff}::timestamptz
            and not exists (
              select 1 from category_feedback f
              where f.transaction_id = t.id and f.source = 'model' and f.outcome = 'accepted'
                and f.created_at >= t.categorized_at
            )
          limit ${BATCH}
        ), ins as (
          insert into category_feedback
            (user_id, transaction_id, source, model, model_version, predicted_category_id, final_category_id, outcome, created_at)
          -- Never before the decision, whatever the two clocks say: that is what marks it settled.
          select user_id, id, 'model', category_model, category_model_version, category_id, category_id, 'accepted',
                 greatest(now(), categorized_at)
          from due
          returning 1
        )
        select count(*)::int as n from ins`);
      return [...rows][0]?.n ?? 0;
    });
    settled += inserted;
    if (inserted < BATCH) return { settled };
  }
};
