import { randomBytes, randomUUID } from "node:crypto";
import { webhooks } from "@fincoach/db";
import type { SecretCtx } from "../connections/connection-context.ts";
import { sealSecret } from "../shared/secret-box.ts";
import { parseInput } from "../transactions/parse-input.ts";
import type { WebhookNetworkPolicy } from "./network-policy.ts";
import { CreateWebhook } from "./notification-schemas.ts";
import { resolveWebhookTarget } from "./resolve-webhook-target.ts";
import { toWebhookView, type WebhookView } from "./webhook-view.ts";

/** The created webhook with its signing secret: the only time the secret leaves the server. */
export type CreatedWebhook = WebhookView & { secret: string };

/**
 * Stores a webhook after checking its URL resolves to addresses the policy allows (checked
 * again at every delivery: DNS may change). The secret is 32 random bytes, sealed to the row.
 */
export const createWebhook = async ({
  ctx,
  input,
  policy,
}: {
  ctx: SecretCtx;
  input: CreateWebhook;
  policy: WebhookNetworkPolicy;
}): Promise<CreatedWebhook> => {
  const data = parseInput(CreateWebhook, input);
  const target = await resolveWebhookTarget(data.url, policy);
  const id = randomUUID();
  const secret = `whsec_${randomBytes(32).toString("base64url")}`;
  const sealed = sealSecret(ctx.keyring, secret, id);
  const [row] = await ctx.db
    .insert(webhooks)
    .values({
      id,
      userId: ctx.userId,
      url: target.url.toString(),
      description: data.description ?? null,
      eventTypes: data.eventTypes,
      secretCiphertext: sealed.ciphertext,
      secretNonce: sealed.nonce,
      secretKeyId: sealed.keyId,
    })
    .returning();
  return { ...toWebhookView(row!), secret };
};
