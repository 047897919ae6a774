export { alertNotificationSink, type Notify } from "./alert-notification-sink.ts";
export { type AttemptResult, attemptDelivery, type DeliveryDeps } from "./attempt-delivery.ts";
export { type CreatedWebhook, createWebhook } from "./create-webhook.ts";
export { deleteWebhook } from "./delete-webhook.ts";
export { type EmailText, renderNotificationEmail } from "./email-templates.ts";
export { fanOutNotification, type NewDelivery, type NotificationEvent } from "./fan-out-notification.ts";
export { findStrandedDeliveries } from "./find-stranded-deliveries.ts";
export { getWebhook } from "./get-webhook.ts";
export { listWebhookDeliveries } from "./list-webhook-deliveries.ts";
export { listWebhooks } from "./list-webhooks.ts";
export { createSmtpMailer, type Mailer, SmtpEnv } from "./mailer.ts";
export {
  refusedAddressReason,
  WebhookNetworkEnv,
  type WebhookNetworkPolicy,
  webhookNetworkPolicy,
} from "./network-policy.ts";
export {
  CreateWebhook,
  NotificationEventType,
  NotificationSettingsInput,
  UpdateWebhook,
} from "./notification-schemas.ts";
export {
  getNotificationSettings,
  type NotificationSettingsView,
  putNotificationSettings,
} from "./notification-settings.ts";
export { type EnqueueDelivery, notifyPerson } from "./notify-person.ts";
export { type PostOutcome, postWebhook, RESPONSE_BODY_LIMIT } from "./post-webhook.ts";
export { parseWebhookUrl, resolveWebhookTarget, type WebhookTarget } from "./resolve-webhook-target.ts";
export { rotateWebhookSecretKeys } from "./rotate-webhook-secret-keys.ts";
export { DELIVERY_ID_HEADER, EVENT_TYPE_HEADER, SIGNATURE_HEADER, signWebhookBody } from "./sign-webhook.ts";
export { updateWebhook } from "./update-webhook.ts";
export { type DeliveryView, toDeliveryView, toWebhookView, type WebhookView } from "./webhook-view.ts";
