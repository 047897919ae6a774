import { z } from "zod";

const Count = z.int().min(0).max(2_147_483_647);
const Id = z.uuid();

/** A sync job's accounting so far, as the sync-jobs domain records it (absolute values). */
export const SyncCounts = z
  .object({ processed: Count, inserted: Count, duplicates: Count, skipped: Count, failed: Count })
  .strict();

/**
 * Every event a person can receive, by name, with the schema of its `data`. Payloads carry
 * ids and counts only, never descriptions or amounts: a client refetches what it shows, so
 * an event that leaks into a log or a proxy reveals nothing about the person's money.
 */
export const UserEventPayloads = {
  "sync.progress": z
    .object({ syncJobId: Id, connectionId: Id.nullable(), progress: z.int().min(0).max(100), counts: SyncCounts })
    .strict(),
  "sync.completed": z.object({ syncJobId: Id, connectionId: Id.nullable(), counts: SyncCounts }).strict(),
  /** `error` is the reason the sync job records for a person to read; never a credential. */
  "sync.failed": z.object({ syncJobId: Id, connectionId: Id.nullable(), error: z.string().min(1).max(2000) }).strict(),
  /** `ids` only for small batches (≤ 100); a large import says how many and the client refetches. */
  "transactions.created": z
    .object({ count: z.int().min(1).max(2_147_483_647), ids: z.array(Id).min(1).max(100).optional() })
    .strict(),
  "import.progress": z.object({ importId: Id, processed: Count, total: Count.optional() }).strict(),
  "import.completed": z
    .object({
      importId: Id,
      status: z.enum(["completed", "failed"]),
      inserted: Count,
      duplicates: Count,
      skipped: Count,
      failed: Count,
    })
    .strict(),
  /** A new alert (`GET /v1/alerts/{alertId}` tells the rest): its id and kind only, no amounts. */
  "alert.raised": z.object({ alertId: Id, kind: z.string().min(1).max(64) }).strict(),
} as const;

export type UserEventName = keyof typeof UserEventPayloads;
export const USER_EVENT_NAMES = Object.keys(UserEventPayloads) as UserEventName[];

/** An event as published: its name and its payload. */
export type UserEvent = {
  [K in UserEventName]: { type: K; data: z.input<(typeof UserEventPayloads)[K]> };
}[UserEventName];

const isUserEventName = (type: unknown): type is UserEventName =>
  typeof type === "string" && Object.hasOwn(UserEventPayloads, type);

/**
 * The event, checked: a known name and a payload its schema accepts (unknown keys refused),
 * else a ZodError / Error naming the problem. Publishers call it so nothing malformed is stored.
 */
export const parseUserEvent = (event: { type: string; data: unknown }): UserEvent => {
  if (!isUserEventName(event.type)) throw new Error(`unknown event type ${JSON.stringify(event.type)}`);
  return { type: event.type, data: UserEventPayloads[event.type].parse(event.data) } as UserEvent;
};
