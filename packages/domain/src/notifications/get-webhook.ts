import { webhooks } from "@fincoach/db";
import { and, eq } from "drizzle-orm";
import type { Ctx } from "../shared/context.ts";
import { requireRow } from "../shared/require-row.ts";
import { toWebhookView, type WebhookView } from "./webhook-view.ts";

/** One of the person's webhooks; another person's id is 404 like a missing one. */
export const getWebhook = async ({ ctx, input }: { ctx: Ctx; input: { id: string } }): Promise<WebhookView> => {
  const [row] = await ctx.db
    .select()
    .from(webhooks)
    .where(and(eq(webhooks.id, input.id), eq(webhooks.userId, ctx.userId)));
  return toWebhookView(requireRow(row, "webhook"));
};
