import type { AlertSink } from "../alerts/alert-sink.ts";
import type { NotificationEvent } from "./fan-out-notification.ts";

/** A notifier as the API and the worker build it (notifyPerson plus their queue); never throws. */
export type Notify = (userId: string, event: NotificationEvent) => Promise<void>;

/**
 * Newly raised alerts to the person's webhooks and e-mail, through the alerts' sink port.
 * Sinks get only alerts just stored, once; the event id is the alert's, so a sink called again
 * for the same alert writes no second delivery.
 */
export const alertNotificationSink = (notify: Notify): AlertSink => ({
  name: "notifications",
  raised: async (userId, alerts) => {
    for (const a of alerts)
      await notify(userId, {
        type: "alert.raised",
        eventId: `alert.raised:${a.id}`,
        data: { alertId: a.id, kind: a.kind },
      });
  },
});
