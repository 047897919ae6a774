import type { Redis } from "ioredis";
import { publishUserEvent } from "./publish-user-event.ts";

/**
 * An alert sink (`AlertSink` in @fincoach/domain, matched by shape) that tells the person's
 * live stream `alert.raised` for each new alert: its id and kind only, as every event
 * carries ids, never amounts. Publish failures propagate: the evaluator logs them per sink.
 */
export const alertEventSink = (redis: Redis, prefix: string) => ({
  name: "events",
  async raised(userId: string, alerts: readonly { id: string; kind: string }[]): Promise<void> {
    for (const a of alerts)
      await publishUserEvent(redis, prefix, userId, { type: "alert.raised", data: { alertId: a.id, kind: a.kind } });
  },
});
