import { recurringStreams } from "@fincoach/db";
import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import { todayUtc } from "../budgets/calendar-date.ts";
import type { Ctx } from "../shared/context.ts";
import { Uuid } from "../shared/schemas.ts";
import { RecurringStatus, type RecurringStreamView, toRecurringView } from "./recurring-view.ts";

export const ListRecurring = z
  .object({ status: RecurringStatus.optional(), accountId: Uuid.optional() })
  .meta({ id: "ListRecurring" });
export type ListRecurring = z.infer<typeof ListRecurring>;

/**
 * The person's streams, by account, merchant and first charge. The status filter applies to
 * the status on `today` (UTC unless given), which is computed, not stored: a person has few
 * streams, so they are filtered after reading.
 */
export const listRecurring = async ({
  ctx,
  input,
  today = todayUtc(),
}: {
  ctx: Ctx;
  input: ListRecurring;
  today?: string;
}): Promise<RecurringStreamView[]> => {
  const rows = await ctx.db
    .select()
    .from(recurringStreams)
    .where(
      and(
        eq(recurringStreams.userId, ctx.userId),
        input.accountId ? eq(recurringStreams.accountId, input.accountId) : undefined,
      ),
    )
    .orderBy(
      asc(recurringStreams.accountId),
      asc(recurringStreams.merchantKey),
      asc(recurringStreams.firstDate),
      asc(recurringStreams.id),
    );
  const views = rows.map((r) => toRecurringView(r, today));
  return input.status ? views.filter((v) => v.status === input.status) : views;
};
