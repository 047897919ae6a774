import type { RequestListener, Server } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";

/**
 * Shuts an HTTP server down without failing a request of a keep-alive client.
 *
 * `server.close()` (and http-terminator's and stoppable's terminate) destroys idle keep-alive
 * sockets at once: a client that sends its next request on one just as it closes gets
 * ECONNRESET, a failed request in a rolling update (about one close in thirty with a client
 * polling every few ms, measured on Node 24). Here, once `drain()` starts, every response says
 * `Connection: close`, so a client's next request goes out on a new connection (to another
 * replica: the pod left the Service's endpoints during its preStop sleep). A socket that stays
 * idle is left to the server's keep-alive timeout: clients stop reusing a socket before it
 * (Node announces it as `Keep-Alive: timeout=...`; undici and browsers keep a margin), so its
 * close races nothing. The server closes when no connection is left, or when the
 * keep-alive timeout has passed for every socket that was idle when the drain began.
 */
export const keepAliveDrain = (listener: RequestListener) => {
  let draining = false;
  return {
    listener: ((req, res) => {
      if (draining) res.setHeader("connection", "close");
      listener(req, res);
    }) satisfies RequestListener,
    /** Until the server is closed: its last connections end by themselves (see above). */
    drain: async (server: Server, { pollMs = 50 }: { pollMs?: number } = {}): Promise<void> => {
      draining = true;
      // Node closes a socket idle for keepAliveTimeout (Node 24 adds a second of buffer); a margin on top.
      const deadline = Date.now() + server.keepAliveTimeout + 2_000;
      const open = () => new Promise<number>((resolve) => server.getConnections((_, n) => resolve(n ?? 0)));
      while (Date.now() < deadline && (await open()) > 0) await sleep(pollMs);
      // Stops listening; what is still open is mid-request and closes after its response.
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};
