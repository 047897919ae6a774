import { webhooks } from "@fincoach/db";
import { and, eq } from "drizzle-orm";
import type { Ctx } from "../shared/context.ts";
import { requireRow } from "../shared/require-row.ts";

/**
 * Deletes the webhook, its sealed secret and its deliveries (cascade). A delivery job still
 * queued finds no row and ends without sending.
 */
export const deleteWebhook = async ({ ctx, input }: { ctx: Ctx; input: { id: string } }): Promise<void> => {
  const [deleted] = await ctx.db
    .delete(webhooks)
    .where(and(eq(webhooks.id, input.id), eq(webhooks.userId, ctx.userId)))
    .returning({ id: webhooks.id });
  requireRow(deleted, "webhook");
};
