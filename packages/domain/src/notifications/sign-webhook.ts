import { createHmac } from "node:crypto";

/** The header receivers verify: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>` (Stripe's scheme). */
export const SIGNATURE_HEADER = "FinCoach-Signature";
/** The delivery's id, the same on every retry: a receiver drops a repeat by it. */
export const DELIVERY_ID_HEADER = "FinCoach-Delivery-Id";
/** The event's type, so a receiver can route before parsing. */
export const EVENT_TYPE_HEADER = "FinCoach-Event-Type";

/**
 * The signature header's value. The timestamp is signed with the body so a captured request
 * cannot be replayed later: receivers refuse a `t` older than a few minutes.
 */
export const signWebhookBody = (secret: string, body: string, unixSeconds: number): string => {
  const mac = createHmac("sha256", secret).update(`${unixSeconds}.${body}`, "utf8").digest("hex");
  return `t=${unixSeconds},v1=${mac}`;
};
