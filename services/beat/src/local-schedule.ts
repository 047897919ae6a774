import { parseContract, ScheduleHandoff } from "@fincoach/contracts";

/**
 * The built-in schedule of `npm start` (no Kubernetes, no operator): an incremental sync of
 * every active connection, by default every 30 minutes, into the queue the local worker
 * consumes. Shaped as a handoff so one code path runs both. The deadline lets a laptop that
 * was asleep over a tick catch up once on waking, but not with a day-old tick.
 */
export const localSchedule = (options: { schedule: string; timeZone: string; queue: string }): ScheduleHandoff =>
  parseContract("local-schedule", ScheduleHandoff, {
    namespace: "local",
    name: "default",
    uid: "local-default",
    generation: 1,
    schedule: options.schedule,
    timeZone: options.timeZone,
    suspend: false,
    source: "all",
    userSelector: {},
    startingDeadlineSeconds: 1800,
    // The local queue is shared with syncs people request in the API, so "a run still
    // active" cannot be told from the queue: overlapping runs are allowed (one job per
    // connection and tick either way).
    concurrencyPolicy: "Allow",
    queue: options.queue,
  });
