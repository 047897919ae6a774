import net from "node:net";
import postgres from "postgres";

/** What postgres.js hands its `socket` option: the URL's hosts and ports, or a Unix socket path. */
type SocketTarget = { host: string[]; port: number[]; path?: string | false };
type ClientOptions = postgres.Options<Record<string, never>>;

/**
 * postgres.js's own connecting decides which host of several suits `target_session_attrs`
 * (it moves on after each refusal); with that setting the client keeps its sockets.
 */
const wantsSessionAttrs = (url: string, options: ClientOptions) =>
  Boolean(
    options.target_session_attrs ??
      // Not `new URL`: postgres.js takes multi-host URLs that it rejects.
      new URLSearchParams(url.split("?")[1] ?? "").get("target_session_attrs") ??
      process.env.PGTARGETSESSIONATTRS,
  );

/**
 * A postgres.js client whose TCP sockets have TCP_NODELAY, as libpq's do. postgres.js leaves
 * Nagle's algorithm on, and the statement after a COPY then waited ~40 ms for the server's
 * delayed ACK: about a tenth of a 10,000-row import (bench/README.md).
 *
 * The sockets go through postgres.js's documented but untyped `socket` option, which makes
 * postgres.js skip its own connecting, so this does what it would:
 * - each socket is returned before it connects, so a failed attempt closes it and
 *   postgres.js tries again;
 * - `host` and `port` are set on it: TLS takes its SNI server name from them, and
 *   connection errors name them;
 * - with several hosts in the URL, every connection goes to the first that answers, moving
 *   on to the next when an attempt closes before the server said anything (refused,
 *   unreachable, or silent until `connect_timeout`), so a primary,standby URL keeps the
 *   pool (and its cancel requests) on the primary. With `target_session_attrs`, postgres.js
 *   connects itself (see `wantsSessionAttrs`) and `onSocket` is not called.
 *
 * `onSocket` sees every socket made.
 */
export const createPostgresClient = (
  url: string,
  options: ClientOptions,
  onSocket: (socket: net.Socket) => void = () => {},
): postgres.Sql => {
  if (wantsSessionAttrs(url, options)) return postgres(url, options);
  let current = 0;
  const socket = ({ host, port, path }: SocketTarget) => {
    if (path) {
      const s = net.connect(path);
      onSocket(s);
      return s;
    }
    const i = current % host.length;
    const to = { host: host[i], port: port[i] ?? port[0]! };
    const s = Object.assign(net.connect({ ...to, noDelay: true }), to);
    // postgres.js adds its own data listener before any byte can arrive, so none is missed.
    let answered = false;
    s.once("data", () => {
      answered = true;
    });
    s.once("close", () => {
      if (!answered && current === i) current = (i + 1) % host.length;
    });
    onSocket(s);
    return s;
  };
  return postgres(url, { ...options, socket } as ClientOptions);
};
