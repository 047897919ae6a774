import { alerts } from "@fincoach/db";
import { and, eq } from "drizzle-orm";
import type { Ctx } from "../shared/context.ts";
import { requireRow } from "../shared/require-row.ts";
import { type AlertView, toAlertView } from "./alert-view.ts";

/** The person's alert, or NOT_FOUND (also for someone else's). */
export const getAlert = async ({ ctx, input }: { ctx: Ctx; input: { id: string } }): Promise<AlertView> => {
  const [row] = await ctx.db
    .select()
    .from(alerts)
    .where(and(eq(alerts.id, input.id), eq(alerts.userId, ctx.userId)));
  return toAlertView(requireRow(row, "alert"));
};
