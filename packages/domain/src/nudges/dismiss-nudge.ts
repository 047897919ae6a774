import { nudges } from "@fincoach/db";
import { and, eq, sql } from "drizzle-orm";
import type { Ctx } from "../shared/context.ts";
import { requireRow } from "../shared/require-row.ts";
import { type NudgeView, toNudgeView } from "./nudge-view.ts";

/** Dismisses the person's nudge; dismissing again keeps the first time (idempotent). */
export const dismissNudge = async ({ ctx, input }: { ctx: Ctx; input: { id: string } }): Promise<NudgeView> => {
  const [row] = await ctx.db
    .update(nudges)
    .set({ dismissedAt: sql`coalesce(${nudges.dismissedAt}, now())` })
    .where(and(eq(nudges.id, input.id), eq(nudges.userId, ctx.userId)))
    .returning();
  return toNudgeView(requireRow(row, "nudge"));
};
