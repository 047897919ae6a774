import { alerts } from "@fincoach/db";
import { and, eq, sql } from "drizzle-orm";
import type { Ctx } from "../shared/context.ts";
import { requireRow } from "../shared/require-row.ts";
import { type AlertView, toAlertView } from "./alert-view.ts";

/** Marks the person's alert seen; acknowledging again keeps the first time (idempotent). */
export const acknowledgeAlert = async ({ ctx, input }: { ctx: Ctx; input: { id: string } }): Promise<AlertView> => {
  const [row] = await ctx.db
    .update(alerts)
    .set({ acknowledgedAt: sql`coalesce(${alerts.acknowledgedAt}, now())` })
    .where(and(eq(alerts.id, input.id), eq(alerts.userId, ctx.userId)))
    .returning();
  return toAlertView(requireRow(row, "alert"));
};
