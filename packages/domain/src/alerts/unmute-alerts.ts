import { alertMutes } from "@fincoach/db";
import { and, eq } from "drizzle-orm";
import type { Ctx } from "../shared/context.ts";
import { requireRow } from "../shared/require-row.ts";

/** Lifts the person's mute (NOT_FOUND for anyone else's). What was muted meanwhile stays unraised. */
export const unmuteAlerts = async ({ ctx, input }: { ctx: Ctx; input: { id: string } }): Promise<void> => {
  const [row] = await ctx.db
    .delete(alertMutes)
    .where(and(eq(alertMutes.id, input.id), eq(alertMutes.userId, ctx.userId)))
    .returning({ id: alertMutes.id });
  requireRow(row, "alert mute");
};
