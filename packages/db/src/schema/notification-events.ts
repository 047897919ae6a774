/**
 * The events a person can be notified of, by webhook or e-mail: the names of the live events
 * (docs/events.md) they come from, plus `plan.changed` (a payoff plan created, re-run or
 * deleted), which has no live event of its own.
 */
export const NOTIFICATION_EVENT_TYPES = [
  "transactions.created",
  "alert.raised",
  "sync.completed",
  "sync.failed",
  "plan.changed",
] as const;
export type NotificationEventType = (typeof NOTIFICATION_EVENT_TYPES)[number];
