/** How many entries a person's stream keeps (approximately: `MAXLEN ~` trims whole nodes). */
export const BACKLOG_MAX_LENGTH = 1000;

/**
 * How long a person's stream outlives their last event. An idle person's backlog goes away
 * instead of holding Redis memory forever; a client resuming after that is told it missed
 * events (a `reset`) and refetches.
 */
export const BACKLOG_TTL_SECONDS = 7 * 24 * 3600;

/** The Redis key of one person's event stream. */
export const userEventStreamKey = (prefix: string, userId: string): string => `${prefix}events:${userId}`;
