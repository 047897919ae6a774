import { webhookDeliveries } from "@fincoach/db";
import { and, desc, eq } from "drizzle-orm";
import type { Ctx } from "../shared/context.ts";
import { getWebhook } from "./get-webhook.ts";
import { type DeliveryView, toDeliveryView } from "./webhook-view.ts";

/** The webhook's latest deliveries (newest first, at most `limit`), each with its attempts. */
export const listWebhookDeliveries = async ({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string; limit?: number };
}): Promise<DeliveryView[]> => {
  await getWebhook({ ctx, input: { id: input.id } });
  const rows = await ctx.db
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.webhookId, input.id), eq(webhookDeliveries.userId, ctx.userId)))
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(Math.min(Math.max(input.limit ?? 50, 1), 200));
  return rows.map(toDeliveryView);
};
