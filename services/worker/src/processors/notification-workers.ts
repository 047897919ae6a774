import type { Db } from "@fincoach/db";
import type { Keyring } from "@fincoach/domain";
import {
  createSmtpMailer,
  type DeliveryDeps,
  type Mailer,
  SmtpEnv,
  type WebhookNetworkPolicy,
  webhookNetworkPolicy,
} from "@fincoach/domain/notifications";
import {
  createJobQueue,
  type JobWorkerOptions,
  QUEUE_SETTINGS,
  type QueueConnection,
  type QueueSettings,
  retryDelayMs,
  startJobWorker,
} from "@fincoach/jobs";
import type { Logger } from "@fincoach/logging";
import type { Queue, Worker } from "bullmq";
import { notificationDeliveryProcessor } from "./notification-delivery-processor.ts";
import { startNotificationSweeper } from "./notification-sweeper.ts";

export type NotificationWorkerOptions = {
  db: Db;
  keyring: Keyring | undefined;
  logger: Logger;
  where: QueueConnection;
  /** Default: from WEBHOOK_ALLOW_PRIVATE / WEBHOOK_ALLOWED_CIDRS. */
  policy?: WebhookNetworkPolicy;
  /** Default: from SMTP_URL / SMTP_FROM; none without SMTP_URL. */
  mailer?: Mailer | undefined;
  /** Tests: shorter backoff, fewer attempts. */
  settings?: Partial<QueueSettings>;
  timeoutMs?: number;
  /** Deliveries failed for good in a row that disable a webhook (default 5). */
  disableAfter?: number;
  leaseMs?: number;
  sweepGraceMs?: number;
  sweepIntervalMs?: number;
  stalledIntervalMs?: JobWorkerOptions["stalledIntervalMs"];
};

/**
 * The notifications queue's consumer and its sweeper. Environment keys (WEBHOOK_*, SMTP_*)
 * are read here when the caller passes none: the worker's env.ts can take them over by
 * spreading WebhookNetworkEnv and SmtpEnv.
 */
export const startNotificationWorkers = (
  o: NotificationWorkerOptions,
): { worker: Worker; queue: Queue; close(): Promise<void> } => {
  const settings = { ...QUEUE_SETTINGS.notifications, ...o.settings };
  const smtp = SmtpEnv.parse(process.env);
  const mailer = o.mailer ?? (smtp.SMTP_URL ? createSmtpMailer(smtp.SMTP_URL, smtp.SMTP_FROM) : undefined);
  const deps: DeliveryDeps = {
    db: o.db,
    keyring: o.keyring,
    policy: o.policy ?? webhookNetworkPolicy(process.env),
    mailer,
    maxAttempts: settings.attempts,
    retryDelayMs: (n) => retryDelayMs(n, settings),
    timeoutMs: o.timeoutMs ?? 10_000,
    disableAfter: o.disableAfter ?? 5,
    ...(o.leaseMs ? { leaseMs: o.leaseMs } : {}),
  };
  const worker = startJobWorker(
    "notifications",
    { "deliver-notification": notificationDeliveryProcessor(deps) },
    {
      ...o.where,
      settings,
      ...(o.stalledIntervalMs ? { stalledIntervalMs: o.stalledIntervalMs } : {}),
    },
  );
  const queue = createJobQueue("notifications", o.where);
  const sweeper = startNotificationSweeper({
    db: o.db,
    queue,
    logger: o.logger,
    // A due job normally starts within a second; a minute's grace keeps a busy queue's
    // backlog from being mistaken for lost jobs (re-adding those would be a no-op anyway).
    graceMs: o.sweepGraceMs ?? 60_000,
    intervalMs: o.sweepIntervalMs ?? 30_000,
  });
  return {
    worker,
    queue,
    close: async () => {
      await sweeper.close();
      await worker.close();
      await queue.close();
      if (!o.mailer) mailer?.close();
    },
  };
};
