import type { AlertView } from "./alert-view.ts";

/**
 * Where newly raised alerts go after they are stored: the person's live stream
 * (`alert.raised` on /v1/events), and later notification channels (webhooks, e-mail)
 * subscribing through the same port. A sink that fails is logged and skipped: the alert is
 * stored, and `GET /v1/alerts` still shows it.
 */
export type AlertSink = {
  /** A name for logs. */
  name: string;
  raised(userId: string, alerts: readonly AlertView[]): Promise<void>;
};
