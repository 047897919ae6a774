import type { NotificationEventType } from "@fincoach/db";

/** A notification e-mail's subject and plain-text body. */
export type EmailText = { subject: string; text: string };

const FOOTER =
  "\n\nYou receive this because e-mail notifications are on in FinCoach (PUT /v1/notifications/settings).\n";

/**
 * Deterministic text per event type. Like the live events, it carries ids and counts, never
 * amounts or descriptions: a mailbox is a place money details should not pile up, and the
 * person opens FinCoach for the rest.
 */
export const renderNotificationEmail = (type: NotificationEventType, data: Record<string, unknown>): EmailText => {
  const s = (k: string) => String(data[k] ?? "");
  switch (type) {
    case "alert.raised":
      return {
        subject: "FinCoach: a new alert",
        text: `FinCoach raised an alert (${s("kind").replaceAll("_", " ")}).\nSee it under alerts: ${s("alertId")}${FOOTER}`,
      };
    case "sync.failed":
      return {
        subject: "FinCoach: a sync failed",
        text: `A sync of one of your connections failed: ${s("error")}\nSync job: ${s("syncJobId")}${FOOTER}`,
      };
    case "sync.completed": {
      const counts = (data.counts ?? {}) as Record<string, number>;
      return {
        subject: "FinCoach: sync completed",
        text: `A sync finished: ${counts.inserted ?? 0} new transactions, ${counts.duplicates ?? 0} already known.${FOOTER}`,
      };
    }
    case "transactions.created":
      return {
        subject: "FinCoach: new transactions",
        text: `${s("count")} new transaction(s) arrived in FinCoach.${FOOTER}`,
      };
    case "plan.changed":
      return {
        subject: "FinCoach: your payoff plan changed",
        text: `Your debt payoff plan ${s("planId")} was ${s("change") || "changed"}.${FOOTER}`,
      };
  }
};
