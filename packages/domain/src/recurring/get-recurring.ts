import { transactions } from "@fincoach/db";
import { and, asc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { todayUtc } from "../budgets/calendar-date.ts";
import { toDecimal } from "../shared/amounts.ts";
import type { Ctx } from "../shared/context.ts";
import { DecimalAmount, IsoDate, Uuid } from "../shared/schemas.ts";
import { findRecurring } from "./find-recurring.ts";
import { RecurringStreamView, toRecurringView } from "./recurring-view.ts";

export const RecurringMember = z
  .object({ id: Uuid, date: IsoDate, amount: DecimalAmount, description: z.string(), merchant: z.string().nullable() })
  .meta({ id: "RecurringMember" });

export const RecurringStreamDetail = RecurringStreamView.extend({
  transactions: z.array(RecurringMember).meta({ description: "The charges the stream was found in, oldest first" }),
}).meta({ id: "RecurringStreamDetail" });
export type RecurringStreamDetail = z.infer<typeof RecurringStreamDetail>;

/** One stream with its member transactions (those still there: a deleted one is left out). */
export const getRecurring = async ({
  ctx,
  input,
  today = todayUtc(),
}: {
  ctx: Ctx;
  input: { id: string };
  today?: string;
}): Promise<RecurringStreamDetail> => {
  const stream = await findRecurring(ctx, input.id);
  const rows =
    stream.transactionIds.length === 0
      ? []
      : await ctx.db
          .select()
          .from(transactions)
          .where(and(eq(transactions.userId, ctx.userId), inArray(transactions.id, stream.transactionIds)))
          .orderBy(asc(transactions.date), asc(transactions.id));
  return {
    ...toRecurringView(stream, today),
    transactions: rows.map((t) => ({
      id: t.id,
      date: t.date,
      amount: toDecimal(t.amountMinor, t.currency),
      description: t.description,
      merchant: t.merchant,
    })),
  };
};
