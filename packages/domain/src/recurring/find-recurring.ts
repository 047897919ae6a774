import { type RecurringStream, recurringStreams } from "@fincoach/db";
import { and, eq } from "drizzle-orm";
import type { Ctx } from "../shared/context.ts";
import { requireRow } from "../shared/require-row.ts";

/** The person's stream, or NOT_FOUND (also for someone else's). */
export const findRecurring = async (ctx: Ctx, id: string): Promise<RecurringStream> =>
  requireRow(
    (
      await ctx.db
        .select()
        .from(recurringStreams)
        .where(and(eq(recurringStreams.id, id), eq(recurringStreams.userId, ctx.userId)))
    )[0],
    "recurring stream",
  );
