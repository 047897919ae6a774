import { parseUserEvent, publishUserEvent, type UserEvent } from "@fincoach/events";
import type { Logger } from "@fincoach/logging";
import { safeError } from "@fincoach/logging";
import type { Redis } from "ioredis";
import { createEventOutbox, type OutboxOptions } from "./event-outbox.ts";
import type { SyncCounts } from "./mailbox/mailbox-job-deps.ts";

/** `transactions.created` carries ids only up to this many (the schema's cap). */
const MAX_IDS = 100;
/** `sync.failed`'s `error` schema cap. */
const MAX_ERROR = 2000;

/**
 * What a sync (mailbox or bank) tells the person's live stream (`GET /v1/events`). Each call
 * comes after the change it announces committed; none ever throws or waits on a Redis that is
 * away (they are held and retried, event-outbox.ts): the job's outcome is in PostgreSQL, and a
 * late event only means a client refetches a little later.
 */
export type SyncEvents = {
  progress(userId: string, jobId: string, connectionId: string, progress: number, counts: SyncCounts): Promise<void>;
  /** `insertedIds`: the new rows this run saw (a resumed job may not hold its earlier attempts'). */
  completed(
    userId: string,
    jobId: string,
    connectionId: string,
    counts: SyncCounts,
    insertedIds: string[],
  ): Promise<void>;
  failed(userId: string, jobId: string, connectionId: string, error: string): Promise<void>;
};

export const noSyncEvents: SyncEvents = {
  progress: async () => {},
  completed: async () => {},
  failed: async () => {},
};

/**
 * Publishes through the worker's Redis client, under the prefix the API reads (`REDIS_PREFIX`),
 * through an outbox that holds events while Redis is away. `close` tries the held ones once
 * more on shutdown.
 */
export const createSyncEvents = (o: {
  redis: Redis;
  prefix: string;
  logger: Logger;
  outbox?: Omit<OutboxOptions, "publish" | "logger">;
}): SyncEvents & { close(timeoutMs: number): Promise<void>; readonly pending: number } => {
  const outbox = createEventOutbox({
    ...o.outbox,
    logger: o.logger,
    publish: (userId, event) => publishUserEvent(o.redis, o.prefix, userId, event),
  });
  const publish = async (userId: string, jobId: string, event: UserEvent) => {
    try {
      // Checked here, not when Redis is back: an event its schema refuses would never be stored.
      parseUserEvent(event);
    } catch (e) {
      o.logger.error({ event: event.type, userId, syncJobId: jobId, err: safeError(e) }, "event refused by its schema");
      return;
    }
    await outbox.push(userId, jobId, event);
  };
  return {
    close: (timeoutMs) => outbox.close(timeoutMs),
    get pending() {
      return outbox.pending;
    },
    progress: (userId, jobId, connectionId, progress, counts) =>
      publish(userId, jobId, { type: "sync.progress", data: { syncJobId: jobId, connectionId, progress, counts } }),
    completed: async (userId, jobId, connectionId, counts, insertedIds) => {
      await publish(userId, jobId, { type: "sync.completed", data: { syncJobId: jobId, connectionId, counts } });
      if (counts.inserted === 0) return;
      // Ids only when they are all of the job's new rows (not so after a resumed attempt) and few.
      const ids = insertedIds.length === counts.inserted && counts.inserted <= MAX_IDS ? { ids: insertedIds } : {};
      await publish(userId, jobId, { type: "transactions.created", data: { count: counts.inserted, ...ids } });
    },
    failed: (userId, jobId, connectionId, error) =>
      publish(userId, jobId, {
        type: "sync.failed",
        data: { syncJobId: jobId, connectionId, error: error.slice(0, MAX_ERROR) || "the sync failed" },
      }),
  };
};

/** A run's new row ids, kept only while they could still go in `transactions.created` (≤ 100). */
export class NewIds {
  ids: string[] = [];
  #overflow = false;
  add(ids: string[]) {
    if (this.#overflow) return;
    if (this.ids.length + ids.length > MAX_IDS) {
      this.#overflow = true;
      this.ids = [];
      return;
    }
    this.ids.push(...ids);
  }
}
