import { recurringStreams } from "@fincoach/db";
import { conflict } from "@fincoach/errors";
import { and, eq } from "drizzle-orm";
import type { Ctx } from "../shared/context.ts";
import { findRecurring } from "./find-recurring.ts";
import { getRecurring, type RecurringStreamDetail } from "./get-recurring.ts";

/**
 * The person says the stream is real: it counts as mature from now on (until paused or
 * ended by the dates) and is kept even if later data no longer shows it. Confirming twice
 * keeps the first time. An ended stream stays ended: 409.
 */
export const confirmRecurring = async ({
  ctx,
  input,
  today,
}: {
  ctx: Ctx;
  input: { id: string };
  today?: string;
}): Promise<RecurringStreamDetail> => {
  const stream = await findRecurring(ctx, input.id);
  if (stream.endedAt) throw conflict("the stream was ended and cannot be confirmed");
  if (!stream.confirmedAt) {
    await ctx.db
      .update(recurringStreams)
      .set({ confirmedAt: new Date() })
      .where(and(eq(recurringStreams.id, stream.id), eq(recurringStreams.userId, ctx.userId)));
  }
  return getRecurring({ ctx, input, today });
};
