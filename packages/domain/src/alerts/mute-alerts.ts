import { alertMutes, categories } from "@fincoach/db";
import { and, eq } from "drizzle-orm";
import type { Ctx } from "../shared/context.ts";
import { requireRow } from "../shared/require-row.ts";
import { parseInput } from "../transactions/parse-input.ts";
import { type AlertMuteView, CreateAlertMute, toAlertMuteView } from "./alert-mute-view.ts";

/**
 * Mutes a kind or one of the person's categories (NOT_FOUND for anyone else's). Muting what
 * is already muted answers the existing mute with `created: false`, so a retry is harmless.
 */
export const muteAlerts = async ({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: CreateAlertMute;
}): Promise<{ mute: AlertMuteView; created: boolean }> => {
  const body = parseInput(CreateAlertMute, input);
  const subject = "kind" in body ? eq(alertMutes.kind, body.kind) : eq(alertMutes.categoryId, body.categoryId);
  if ("categoryId" in body)
    requireRow(
      (
        await ctx.db
          .select({ id: categories.id })
          .from(categories)
          .where(and(eq(categories.id, body.categoryId), eq(categories.userId, ctx.userId)))
      )[0],
      "category",
    );
  const [inserted] = await ctx.db
    .insert(alertMutes)
    .values({ userId: ctx.userId, ...body })
    .onConflictDoNothing()
    .returning();
  if (inserted) return { mute: toAlertMuteView(inserted), created: true };
  const [existing] = await ctx.db
    .select()
    .from(alertMutes)
    .where(and(eq(alertMutes.userId, ctx.userId), subject));
  return { mute: toAlertMuteView(requireRow(existing, "alert mute")), created: false };
};
