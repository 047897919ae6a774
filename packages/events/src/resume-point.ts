import type { Redis } from "ioredis";
import { compareStreamIds } from "./stream-id.ts";

/** The id before every entry: what a client that has seen nothing resumes from. */
export const STREAM_START = "0-0";

/** Where a reader starts, and whether the client missed events it can no longer get. */
export type ResumePoint = { after: string; missed: boolean };

/** `XINFO STREAM` as a map of its scalar fields; undefined when the stream does not exist. */
const streamInfo = async (redis: Redis, key: string): Promise<Map<string, unknown> | undefined> => {
  try {
    const flat = (await redis.xinfo("STREAM", key)) as unknown[];
    const info = new Map<string, unknown>();
    for (let i = 0; i + 1 < flat.length; i += 2) info.set(String(flat[i]), flat[i + 1]);
    return info;
  } catch (e) {
    if (/no such key/i.test((e as Error).message)) return undefined;
    throw e;
  }
};

/**
 * Where to read from for a client that last saw `lastEventId` (none: from now on).
 *
 * Resuming is exact while `lastEventId` is at or after the oldest entry still held. Before
 * it, events may have been trimmed away (or the stream expired and was made again); Redis
 * 7.0 does not record the newest id that trimming deleted (`max-deleted-entry-id` counts
 * XDEL only), so this is answered conservatively: missed. So is an id newer than any the
 * stream made (Redis lost its data). A missed client is told, reads from now on, and refetches
 * what it shows; the only false alarm is a client that saw exactly the last trimmed entry.
 */
export const resumePoint = async (redis: Redis, key: string, lastEventId?: string): Promise<ResumePoint> => {
  const info = await streamInfo(redis, key);
  // `0-0`: the client saw an empty (or no) stream; it missed nothing unless entries were deleted since.
  if (!info) return { after: "0-0", missed: lastEventId !== undefined && lastEventId !== STREAM_START };
  const tip = String(info.get("last-generated-id"));
  if (lastEventId === undefined) return { after: tip, missed: false };
  const first = (info.get("first-entry") as [string, unknown] | null)?.[0] ?? tip;
  const trimmed = Number(info.get("entries-added")) > Number(info.get("length"));
  const missed =
    lastEventId === STREAM_START
      ? trimmed
      : compareStreamIds(lastEventId, first) < 0 || compareStreamIds(lastEventId, tip) > 0;
  return missed ? { after: tip, missed } : { after: lastEventId, missed };
};
