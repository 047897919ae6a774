import type { Db } from "@fincoach/db";
import type { Keyring } from "@fincoach/domain";
import type { DeliveryDeps, Mailer, WebhookNetworkPolicy } from "@fincoach/domain/notifications";
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
  /** Where webhooks may be delivered (WEBHOOK_ALLOW_PRIVATE / WEBHOOK_ALLOWED_CIDRS in env.ts). */
  policy: WebhookNetworkPolicy;
  /** The e-mail channel (SMTP_URL in env.ts); none: e-mail deliveries fail, saying SMTP_URL is unset. The caller closes it. */
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

/** The notifications queue's consumer and its sweeper; the policy and mailer come from the worker's env.ts. */
export const startNotificationWorkers = (
  o: NotificationWorkerOptions,
): { worker: Worker; queue: Queue; close(): Promise<void> } => {
  const settings = { ...QUEUE_SETTINGS.notifications, ...o.settings };
  const deps: DeliveryDeps = {
    db: o.db,
    keyring: o.keyring,
    policy: o.policy,
    mailer: o.mailer,
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
    },
  };
};
