import { type Db, users, type WebhookDelivery, webhookDeliveries, webhooks } from "@fincoach/db";
import { and, eq, sql } from "drizzle-orm";
import { type Keyring, openSecret } from "../shared/secret-box.ts";
import { renderNotificationEmail } from "./email-templates.ts";
import type { Mailer } from "./mailer.ts";
import type { WebhookNetworkPolicy } from "./network-policy.ts";
import { type PostOutcome, postWebhook } from "./post-webhook.ts";
import { resolveWebhookTarget } from "./resolve-webhook-target.ts";
import { DELIVERY_ID_HEADER, EVENT_TYPE_HEADER, SIGNATURE_HEADER, signWebhookBody } from "./sign-webhook.ts";

export type DeliveryDeps = {
  db: Db;
  keyring: Keyring | undefined;
  policy: WebhookNetworkPolicy;
  /** Absent: e-mail deliveries wait (retry) until a worker with SMTP configured takes them. */
  mailer?: Mailer | undefined;
  /** Attempts in all before a delivery fails for good. */
  maxAttempts: number;
  /** The wait before retry number n (1 = first retry): the queue's capped, jittered backoff. */
  retryDelayMs: (retry: number) => number;
  /** Per attempt: connect, headers and body each. */
  timeoutMs: number;
  /** Deliveries failed for good in a row that disable a webhook. */
  disableAfter: number;
  /** How long an attempt holds its row; default three timeouts plus 10 s (tests shorten it). */
  leaseMs?: number;
};

/** What an attempt came to; `retry` and `wait` carry when the job should run again. */
export type AttemptResult = { outcome: "delivered" | "failed" | "gone" } | { outcome: "retry" | "wait"; at: Date };

/**
 * Takes the delivery for one attempt: a pending row that is due, or a `sending` row whose
 * lease ran out (its worker died mid-attempt). The lease outlasts the attempt's timeouts, so
 * two workers never send the same delivery at once.
 */
const claim = async (deps: DeliveryDeps, id: string): Promise<WebhookDelivery | undefined> => {
  const leaseMs = deps.leaseMs ?? deps.timeoutMs * 3 + 10_000;
  const [row] = await deps.db
    .update(webhookDeliveries)
    .set({ status: "sending", leaseUntil: sql`now() + ${`${leaseMs} milliseconds`}::interval` })
    .where(
      and(
        eq(webhookDeliveries.id, id),
        sql`((${webhookDeliveries.status} = 'pending' and ${webhookDeliveries.nextAttemptAt} <= now())
          or (${webhookDeliveries.status} = 'sending' and ${webhookDeliveries.leaseUntil} < now()))`,
      ),
    )
    .returning();
  return row;
};

const sendWebhook = async (deps: DeliveryDeps, d: WebhookDelivery): Promise<PostOutcome | "disabled"> => {
  const [hook] = await deps.db.select().from(webhooks).where(eq(webhooks.id, d.webhookId!));
  if (hook?.status !== "active") return "disabled";
  if (!deps.keyring)
    return { statusCode: null, error: "CONNECTION_KEYS is not configured on the worker", durationMs: 0 };
  let target: Awaited<ReturnType<typeof resolveWebhookTarget>>;
  try {
    // Checked again now: the name may resolve elsewhere than when the webhook was created.
    target = await resolveWebhookTarget(hook.url, deps.policy);
  } catch (e) {
    return { statusCode: null, error: (e as Error).message, durationMs: 0 };
  }
  const secret = openSecret(
    deps.keyring,
    { ciphertext: hook.secretCiphertext, nonce: hook.secretNonce, keyId: hook.secretKeyId },
    hook.id,
  );
  const signature = signWebhookBody(secret, d.body, Math.floor(Date.now() / 1000));
  return postWebhook(
    target,
    d.body,
    { [SIGNATURE_HEADER]: signature, [DELIVERY_ID_HEADER]: d.id, [EVENT_TYPE_HEADER]: d.eventType },
    deps.timeoutMs,
  );
};

const sendEmail = async (deps: DeliveryDeps, d: WebhookDelivery): Promise<PostOutcome> => {
  if (!deps.mailer) return { statusCode: null, error: "SMTP_URL is not configured on the worker", durationMs: 0 };
  const [user] = await deps.db.select({ email: users.email }).from(users).where(eq(users.id, d.userId));
  if (!user) return { statusCode: null, error: "the person no longer exists", durationMs: 0 };
  const event = JSON.parse(d.body) as { data: Record<string, unknown> };
  const { subject, text } = renderNotificationEmail(d.eventType, event.data);
  const started = performance.now();
  try {
    await deps.mailer.send(user.email, subject, text);
    return { statusCode: null, error: null, durationMs: Math.round(performance.now() - started) };
  } catch (e) {
    return {
      statusCode: null,
      error: (e as Error).message.slice(0, 300),
      durationMs: Math.round(performance.now() - started),
    };
  }
};

/** A webhook's run of failed deliveries: reset by a success, disabling it at the limit. */
const countOutcome = async (deps: DeliveryDeps, webhookId: string, delivered: boolean) => {
  if (delivered) {
    await deps.db.update(webhooks).set({ consecutiveFailures: 0 }).where(eq(webhooks.id, webhookId));
    return;
  }
  await deps.db
    .update(webhooks)
    .set({
      consecutiveFailures: sql`${webhooks.consecutiveFailures} + 1`,
      status: sql`case when ${webhooks.consecutiveFailures} + 1 >= ${deps.disableAfter} then 'disabled' else ${webhooks.status} end`,
      disabledReason: sql`case when ${webhooks.consecutiveFailures} + 1 >= ${deps.disableAfter} then ${`${deps.disableAfter} deliveries in a row failed`} else ${webhooks.disabledReason} end`,
      disabledAt: sql`case when ${webhooks.consecutiveFailures} + 1 >= ${deps.disableAfter} then now() else ${webhooks.disabledAt} end`,
    })
    .where(eq(webhooks.id, webhookId));
};

/**
 * One attempt at a delivery, recorded in its log. Delivery is at least once: a worker killed
 * after the receiver answered but before this records it sends again, with the same
 * `FinCoach-Delivery-Id`, which receivers use to drop the repeat.
 */
export const attemptDelivery = async (deps: DeliveryDeps, deliveryId: string): Promise<AttemptResult> => {
  const d = await claim(deps, deliveryId);
  if (!d) {
    const [row] = await deps.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, deliveryId));
    if (!row) return { outcome: "gone" };
    if (row.status === "delivered" || row.status === "failed") return { outcome: row.status };
    // Not due yet (an early job), or another attempt holds the lease: come back then.
    return { outcome: "wait", at: row.status === "sending" && row.leaseUntil ? row.leaseUntil : row.nextAttemptAt };
  }
  const sent = d.channel === "webhook" ? await sendWebhook(deps, d) : await sendEmail(deps, d);
  const now = new Date();
  if (sent === "disabled") {
    await deps.db
      .update(webhookDeliveries)
      .set({
        status: "failed",
        leaseUntil: null,
        attemptLog: sql`${webhookDeliveries.attemptLog} || ${JSON.stringify([{ at: now.toISOString(), durationMs: 0, statusCode: null, error: "webhook disabled or deleted: not sent", nextAttemptAt: null }])}::jsonb`,
      })
      .where(eq(webhookDeliveries.id, d.id));
    return { outcome: "failed" };
  }
  const attempts = d.attempts + 1;
  const delivered = sent.error === null;
  const last = !delivered && attempts >= deps.maxAttempts;
  const next = delivered || last ? null : new Date(now.getTime() + deps.retryDelayMs(attempts));
  const entry = {
    at: now.toISOString(),
    durationMs: sent.durationMs,
    statusCode: sent.statusCode,
    error: sent.error,
    nextAttemptAt: next?.toISOString() ?? null,
  };
  await deps.db.transaction(async (tx) => {
    await tx
      .update(webhookDeliveries)
      .set({
        status: delivered ? "delivered" : last ? "failed" : "pending",
        attempts,
        leaseUntil: null,
        ...(next ? { nextAttemptAt: next } : {}),
        ...(delivered ? { deliveredAt: now } : {}),
        attemptLog: sql`${webhookDeliveries.attemptLog} || ${JSON.stringify([entry])}::jsonb`,
      })
      .where(eq(webhookDeliveries.id, d.id));
  });
  if (d.webhookId && (delivered || last)) await countOutcome(deps, d.webhookId, delivered);
  if (delivered) return { outcome: "delivered" };
  return next ? { outcome: "retry", at: next } : { outcome: "failed" };
};
