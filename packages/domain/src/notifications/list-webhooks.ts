import { webhooks } from "@fincoach/db";
import { asc, eq } from "drizzle-orm";
import type { Ctx } from "../shared/context.ts";
import { toWebhookView, type WebhookView } from "./webhook-view.ts";

/** The person's webhooks, oldest first (a person has a handful: no paging). */
export const listWebhooks = async ({ ctx }: { ctx: Ctx }): Promise<WebhookView[]> => {
  const rows = await ctx.db
    .select()
    .from(webhooks)
    .where(eq(webhooks.userId, ctx.userId))
    .orderBy(asc(webhooks.createdAt), asc(webhooks.id));
  return rows.map(toWebhookView);
};
