import { createPostgresClient } from "./postgres-client.ts";

/** Notified by migration 0001's triggers, at commit, with a person's id, or '*' for everyone. */
export const USER_DATA_CHANNEL = "fincoach_user_data";

/** Every person's data may have changed (TRUNCATE). */
export const ALL_USERS = "*";

export type UserDataListenerOptions = {
  /** How the listening backend shows in pg_stat_activity. */
  applicationName: string;
  /** A person's id, or `ALL_USERS`. */
  onChange: (userId: string) => void;
  /** LISTEN is in place, on the first connection and after every reconnect. */
  onListening: () => void;
  /** The listening connection closed (or a reconnect attempt failed): changes go unnoticed until `onListening`. */
  onDisconnected: () => void;
};

export type UserDataListener = {
  /** Resolves once LISTEN first succeeds; rejects if that attempt fails (retries go on regardless). */
  ready: Promise<void>;
  close: () => Promise<void>;
};

/**
 * LISTEN on `USER_DATA_CHANNEL` through postgres.js's `listen`, which keeps a dedicated
 * connection and listens again (with backoff) whenever it drops. `listen` reports the
 * reconnect but not the drop, so the connection's sockets are watched to report the moment
 * one closes.
 */
export const listenForUserDataChanges = (url: string, opts: UserDataListenerOptions): UserDataListener => {
  const sql = createPostgresClient(
    url,
    { max: 1, onnotice: () => {}, connection: { application_name: opts.applicationName } },
    (socket) => {
      // postgres.js's TLS upgrade strips every listener from the TCP socket, which carries on
      // under the TLS one and closes with it: put this one back, or a TLS connection's drop
      // would go unreported.
      const onClose = () => opts.onDisconnected();
      // `on`, not `once`: removeAllListeners reports a `once` wrapper, not the listener.
      const watch = () => socket.on("close", onClose);
      socket.on("removeListener", (event, listener) => {
        if (event === "close" && listener === onClose && !socket.destroyed) process.nextTick(watch);
      });
      watch();
    },
  );
  const ready = sql.listen(USER_DATA_CHANNEL, opts.onChange, opts.onListening).then(() => undefined);
  return { ready, close: () => sql.end({ timeout: 1 }) };
};
