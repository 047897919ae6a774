import net from "node:net";
import postgres from "postgres";
import { postgresTarget } from "./postgres-target.ts";

/** What postgres.js hands its `socket` option: the URL's hosts and ports. */
type SocketTarget = { host: string[]; port: number[] };
type ClientOptions = postgres.Options<Record<string, never>>;

/**
 * True when the client will connect to exactly one TCP host: no Unix socket path and one
 * host (in the URL or its `host` parameter), and no `target_session_attrs` (which exists to
 * choose among hosts).
 */
const oneTcpHost = (url: string, options: ClientOptions): boolean => {
  const { where } = postgresTarget(url);
  return (
    !options.path &&
    !options.host &&
    !where.includes(",") &&
    !where.startsWith("/") &&
    !(
      options.target_session_attrs ??
      new URLSearchParams(url.split("?")[1] ?? "").get("target_session_attrs") ??
      process.env.PGTARGETSESSIONATTRS
    )
  );
};

/**
 * A postgres.js client whose TCP socket has TCP_NODELAY, as libpq's do. postgres.js leaves
 * Nagle's algorithm on, and the statement after a COPY then waited ~40 ms for the server's
 * delayed ACK: about a tenth of a 10,000-row import (bench/README.md).
 *
 * Only for a URL with one TCP host, through postgres.js's `socket` option: with one host
 * there is no host to choose, so the factory connects to it and nothing of postgres.js's own
 * connecting is re-implemented. `host` and `port` are set on the socket as postgres.js sets
 * them on its own (TLS takes its server name from them, connection errors name them).
 * Several hosts, a Unix socket or `target_session_attrs`: postgres.js connects itself, with
 * Nagle on (multi-host setups are rare here; a pooler in front is one host).
 *
 * `onSocket` sees every socket the factory makes.
 */
export const createPostgresClient = (
  url: string,
  options: ClientOptions,
  onSocket: (socket: net.Socket) => void = () => {},
): postgres.Sql => {
  if (!oneTcpHost(url, options)) return postgres(url, options);
  const socket = ({ host, port }: SocketTarget) => {
    const to = { host: host[0]!, port: port[0]! };
    const s = Object.assign(net.connect({ ...to, noDelay: true }), to);
    onSocket(s);
    return s;
  };
  return postgres(url, { ...options, socket } as ClientOptions);
};
