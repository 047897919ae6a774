export { acknowledgeAlert } from "./acknowledge-alert.ts";
export { AlertMuteView, CreateAlertMute } from "./alert-mute-view.ts";
export type { AlertSink } from "./alert-sink.ts";
export { type AlertCandidate, AlertKind, AlertView } from "./alert-view.ts";
export { DUPLICATE_WINDOW_DAYS } from "./duplicate-charge.ts";
export {
  EVALUATION_BATCH,
  type EvaluateOptions,
  evaluateAlertsForTransactions,
  RECENT_DAYS,
} from "./evaluate-alerts.ts";
export { evaluateAlertsQuietly } from "./evaluate-alerts-quietly.ts";
export { evaluateImportAlerts } from "./evaluate-import-alerts.ts";
export { getAlert } from "./get-alert.ts";
export { LARGE_MEDIAN_FACTOR, LARGE_MIN_HISTORY, LARGE_PERCENTILE } from "./large-transaction.ts";
export { listAlertMutes } from "./list-alert-mutes.ts";
export { AlertPage, ListAlerts, listAlerts } from "./list-alerts.ts";
export { muteAlerts } from "./mute-alerts.ts";
export { raiseAlerts, raisePriceChangeAlerts } from "./raise-alerts.ts";
export { type PriceChangeFact, priceChangeFacts, subscriptionPriceChange } from "./subscription-price-change.ts";
export { unmuteAlerts } from "./unmute-alerts.ts";
export { UNUSUAL_MIN_HISTORY, UNUSUAL_Z } from "./unusual-charge.ts";
