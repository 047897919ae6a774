import { alertMutes } from "@fincoach/db";
import { asc, eq } from "drizzle-orm";
import type { Ctx } from "../shared/context.ts";
import { type AlertMuteView, toAlertMuteView } from "./alert-mute-view.ts";

/** The person's mutes, oldest first (a handful: one per kind or category at most). */
export const listAlertMutes = async ({ ctx }: { ctx: Ctx }): Promise<AlertMuteView[]> =>
  (
    await ctx.db
      .select()
      .from(alertMutes)
      .where(eq(alertMutes.userId, ctx.userId))
      .orderBy(asc(alertMutes.createdAt), asc(alertMutes.id))
  ).map(toAlertMuteView);
