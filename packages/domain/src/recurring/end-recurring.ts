import { recurringStreams } from "@fincoach/db";
import { and, eq } from "drizzle-orm";
import type { Ctx } from "../shared/context.ts";
import { findRecurring } from "./find-recurring.ts";
import { getRecurring, type RecurringStreamDetail } from "./get-recurring.ts";

/**
 * The person ends the stream (cancelled, or not a subscription at all). The row stays as a
 * tombstone: refreshes never update it, and never create another stream with the same
 * account, merchant, direction and cadence, whatever charges arrive later. Ending twice
 * keeps the first time.
 */
export const endRecurring = async ({
  ctx,
  input,
  today,
}: {
  ctx: Ctx;
  input: { id: string };
  today?: string;
}): Promise<RecurringStreamDetail> => {
  const stream = await findRecurring(ctx, input.id);
  if (!stream.endedAt) {
    await ctx.db
      .update(recurringStreams)
      .set({ endedAt: new Date() })
      .where(and(eq(recurringStreams.id, stream.id), eq(recurringStreams.userId, ctx.userId)));
  }
  return getRecurring({ ctx, input, today });
};
