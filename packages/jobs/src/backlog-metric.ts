import { QUEUE_BACKLOG_METRIC } from "@fincoach/contracts";
import type { Queue } from "bullmq";
import { Gauge, type Registry } from "prom-client";

/** The contract's name, re-exported for the workers that register the gauge. */
export { QUEUE_BACKLOG_METRIC };

/**
 * Jobs waiting to start (waiting + prioritized): the work more replicas would take on.
 * Delayed jobs (retries in backoff) and active ones are left out: more workers would not
 * make either go faster.
 */
export const queueBacklog = async (queue: Queue): Promise<number> => {
  const counts = await queue.getJobCounts("waiting", "prioritized");
  return (counts.waiting ?? 0) + (counts.prioritized ?? 0);
};

/**
 * Registers `fincoach_queue_backlog{queue}` on `registry`, read from Redis at each scrape
 * (no polling between scrapes; a scrape costs one round trip per queue).
 */
export const registerQueueBacklog = (registry: Registry, queues: readonly Queue[]): Gauge<"queue"> =>
  new Gauge({
    name: QUEUE_BACKLOG_METRIC,
    help: "Jobs waiting to start in a BullMQ queue (waiting + prioritized); the worker HPA scales on it.",
    labelNames: ["queue"],
    registers: [registry],
    async collect() {
      const values = await Promise.all(queues.map(async (q) => [q.name, await queueBacklog(q)] as const));
      this.reset();
      for (const [name, value] of values) this.set({ queue: name }, value);
    },
  });
