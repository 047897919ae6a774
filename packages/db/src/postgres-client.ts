import net from "node:net";
import postgres from "postgres";

/** What postgres.js hands its `socket` option: the URL's hosts and ports, or a Unix socket path. */
type SocketTarget = { host: string[]; port: number[]; path?: string | false };
type ClientOptions = postgres.Options<Record<string, never>>;

/**
 * A postgres.js client whose TCP sockets have TCP_NODELAY, as libpq's do. postgres.js leaves
 * Nagle's algorithm on, and the statement after a COPY then waited ~40 ms for the server's
 * delayed ACK: about a tenth of a 10,000-row import (bench/README.md). The sockets go through
 * postgres.js's documented but untyped `socket` option; each is returned before it connects,
 * as postgres.js's own are, so a failed attempt closes it and postgres.js tries again, on
 * the URL's next host. `onSocket` sees every socket made.
 */
export const createPostgresClient = (
  url: string,
  options: ClientOptions,
  onSocket: (socket: net.Socket) => void = () => {},
): postgres.Sql => {
  let attempt = 0;
  const socket = ({ host, port, path }: SocketTarget) => {
    const i = attempt++ % host.length;
    const s = path ? net.connect(path) : net.connect({ host: host[i], port: port[i]!, noDelay: true });
    onSocket(s);
    return s;
  };
  return postgres(url, { ...options, socket } as ClientOptions);
};
