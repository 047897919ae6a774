import { type Webhook, webhooks } from "@fincoach/db";
import { and, eq } from "drizzle-orm";
import type { Ctx } from "../shared/context.ts";
import { requireRow } from "../shared/require-row.ts";
import { parseInput } from "../transactions/parse-input.ts";
import type { WebhookNetworkPolicy } from "./network-policy.ts";
import { UpdateWebhook } from "./notification-schemas.ts";
import { resolveWebhookTarget } from "./resolve-webhook-target.ts";
import { toWebhookView, type WebhookView } from "./webhook-view.ts";

/**
 * Changes a webhook's URL, events, description or state. A new URL, and the URL of a webhook
 * being re-enabled, is checked against the network policy as on create (the policy or DNS may
 * have changed since). Re-enabling starts its failure count afresh; deliveries skipped while it
 * was disabled stay skipped (their log says so). The secret never changes here.
 */
export const updateWebhook = async ({
  ctx,
  input,
  policy,
}: {
  ctx: Ctx;
  input: { id: string; patch: UpdateWebhook };
  policy: WebhookNetworkPolicy;
}): Promise<WebhookView> => {
  const patch = parseInput(UpdateWebhook, input.patch);
  const mine = and(eq(webhooks.id, input.id), eq(webhooks.userId, ctx.userId));
  const [current] = await ctx.db.select().from(webhooks).where(mine);
  const hook = requireRow(current, "webhook");
  const set: Partial<Webhook> = {};
  if (patch.url !== undefined || patch.active === true)
    set.url = (await resolveWebhookTarget(patch.url ?? hook.url, policy)).url.toString();
  if (patch.eventTypes !== undefined) set.eventTypes = patch.eventTypes;
  if (patch.description !== undefined) set.description = patch.description;
  if (patch.active === true)
    Object.assign(set, { status: "active", consecutiveFailures: 0, disabledReason: null, disabledAt: null });
  if (patch.active === false && hook.status === "active")
    Object.assign(set, { status: "disabled", disabledReason: "disabled by its owner", disabledAt: new Date() });
  // Pausing a webhook already disabled changes nothing (its reason stays the worker's).
  if (Object.keys(set).length === 0) return toWebhookView(hook);
  const [row] = await ctx.db.update(webhooks).set(set).where(mine).returning();
  return toWebhookView(requireRow(row, "webhook"));
};
