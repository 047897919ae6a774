import type { UserEvent } from "@fincoach/events";
import type { Logger } from "@fincoach/logging";
import { rateLimitedWarn } from "@fincoach/logging";

export type OutboxOptions = {
  /** Appends one event to the person's stream (publishUserEvent); rejects when Redis cannot take it. */
  publish: (userId: string, event: UserEvent) => Promise<unknown>;
  logger: Logger;
  /** Events held while Redis is away; past it the oldest progress (else the oldest event) is dropped, logged. */
  maxPending?: number;
  /** An event not delivered within this long is dropped, logged: a client has refetched long since. */
  maxAgeMs?: number;
  /** While Redis answers, a push waits at most this long for its event to be stored. */
  waitMs?: number;
  /** Retry delays double from `retryMinMs` up to `retryMaxMs`. */
  retryMinMs?: number;
  retryMaxMs?: number;
};

type Pending = { userId: string; jobId: string; event: UserEvent; at: number; delivered: () => void };

/**
 * The person's live events, in order, through an outage of Redis. A push is stored at once
 * while Redis answers (the sync awaits it, at most `waitMs`, so events keep their order with
 * the job's other effects); when Redis does not, it joins a bounded in-memory queue retried
 * with backoff, and the sync goes on without waiting. Of a job's `sync.progress` events only
 * the latest is kept: the last progress and the final event reach the stream once Redis is
 * back. Every dropped event is logged (bound reached, too old, process exiting).
 */
export const createEventOutbox = (o: OutboxOptions) => {
  const maxPending = o.maxPending ?? 1_000;
  const maxAgeMs = o.maxAgeMs ?? 600_000;
  const waitMs = o.waitMs ?? 1_000;
  const retryMinMs = o.retryMinMs ?? 250;
  const retryMaxMs = o.retryMaxMs ?? 5_000;
  const queue: Pending[] = [];
  let pumping: Promise<void> | undefined;
  let failing = false;
  let retryTimer: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;
  let closed = false;
  // Publishing errors while Redis is away come once per retry; one log line per interval.
  const report = rateLimitedWarn(o.logger, "cannot publish event; held for retry", {});

  const dropped = (p: Pending, reason: string) => {
    o.logger.warn({ event: p.event.type, userId: p.userId, syncJobId: p.jobId, reason }, "event dropped");
    p.delivered();
  };

  const pump = async () => {
    let delay = retryMinMs;
    while (queue.length > 0) {
      const head = queue[0] as Pending;
      try {
        await o.publish(head.userId, head.event);
        if (queue[0] === head) queue.shift();
        head.delivered();
        failing = false;
        delay = retryMinMs;
        continue;
      } catch (e) {
        failing = true;
        report(e);
      }
      // Whoever waits for an event behind a failing Redis stops waiting: the sync never blocks on events.
      for (const p of queue) p.delivered();
      for (const p of queue.filter((q) => Date.now() - q.at > maxAgeMs)) {
        queue.splice(queue.indexOf(p), 1);
        dropped(p, `not delivered within ${maxAgeMs} ms`);
      }
      if (closed || queue.length === 0) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
        retryTimer = setTimeout(resolve, delay);
      });
      wake = undefined;
      delay = Math.min(retryMaxMs, delay * 2);
    }
    pumping = undefined;
  };

  return {
    /** Never rejects; resolves once the event is stored, or at once/after `waitMs` when Redis is not answering. */
    push(userId: string, jobId: string, event: UserEvent): Promise<void> {
      if (closed) {
        o.logger.warn({ event: event.type, userId, syncJobId: jobId }, "event dropped: the worker is exiting");
        return Promise.resolve();
      }
      let delivered!: () => void;
      const done = new Promise<void>((resolve) => {
        delivered = resolve;
      });
      const p: Pending = { userId, jobId, event, at: Date.now(), delivered };
      // A newer progress of the same job replaces the one still waiting (index 0 may be in flight).
      const stale =
        event.type === "sync.progress"
          ? queue.findIndex((q, i) => i > 0 && q.jobId === jobId && q.event.type === "sync.progress")
          : -1;
      if (stale > 0) {
        (queue[stale] as Pending).delivered();
        queue[stale] = p;
      } else {
        if (queue.length >= maxPending) {
          // Progress is the first to go (a later one says more); a final event only when nothing else is left.
          const progress = queue.findIndex((q) => q.event.type === "sync.progress");
          const victim = queue.splice(Math.max(progress, 0), 1)[0];
          if (victim) dropped(victim, `more than ${maxPending} events held`);
        }
        queue.push(p);
      }
      pumping ??= pump();
      if (failing) return Promise.resolve();
      let timer: NodeJS.Timeout | undefined;
      return Promise.race([
        done,
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, waitMs);
        }),
      ]).finally(() => clearTimeout(timer));
    },

    /** Events not yet stored. */
    get pending(): number {
      return queue.length;
    },

    /**
     * On shutdown: tries the held events once more, waiting up to `timeoutMs`; what is still
     * held then is dropped, logged. Later pushes are dropped, logged.
     */
    async close(timeoutMs: number): Promise<void> {
      if (pumping) {
        clearTimeout(retryTimer);
        wake?.();
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([pumping, new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
        clearTimeout(timer);
      }
      closed = true;
      clearTimeout(retryTimer);
      wake?.();
      for (const p of queue.splice(0)) dropped(p, "the worker is exiting");
    },
  };
};
export type EventOutbox = ReturnType<typeof createEventOutbox>;
