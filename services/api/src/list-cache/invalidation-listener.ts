import { ALL_USERS, listenForUserDataChanges } from "@fincoach/db";
import type { Logger } from "@fincoach/logging";
import type { PageCache } from "./page-cache.ts";

/** How the listener's backend shows in pg_stat_activity. */
export const LISTENER_APPLICATION_NAME = "fincoach-list-cache";

export type InvalidationListener = {
  /** Whether LISTEN is in place, and so whether the cache is in use. */
  readonly connected: boolean;
  stop: () => Promise<void>;
};

/**
 * Keeps `cache` in step with the database: a person's pages are evicted when the
 * database reports, at commit, that their data changed, whoever wrote it. On every
 * (re)connect the cache starts empty (notifications sent while disconnected are lost);
 * while disconnected it is bypassed. Resolves after the first attempt to listen, whether
 * or not it succeeded: the API serves uncached until the database can be reached.
 */
export const startInvalidationListener = async ({
  url,
  cache,
  logger,
}: {
  url: string;
  cache: PageCache;
  logger: Logger;
}): Promise<InvalidationListener> => {
  let connected = false;
  let stopping = false;
  const listener = listenForUserDataChanges(url, {
    applicationName: LISTENER_APPLICATION_NAME,
    onChange: (userId) => (userId === ALL_USERS ? cache.clear() : cache.evictUser(userId)),
    onListening: () => {
      if (stopping) return;
      cache.resume();
      connected = true;
      logger.info("list cache: listening for data changes");
    },
    onDisconnected: () => {
      if (connected && !stopping) logger.warn("list cache: lost the database connection; bypassed until it is back");
      connected = false;
      cache.suspend();
    },
  });
  await listener.ready.catch((e: unknown) => {
    logger.warn({ err: e instanceof Error ? e.message : String(e) }, "list cache: cannot listen yet; bypassed");
  });
  return {
    get connected() {
      return connected;
    },
    stop: async () => {
      stopping = true;
      connected = false;
      cache.suspend();
      await listener.close();
    },
  };
};
