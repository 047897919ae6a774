import type { RequestListener, Server } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";

/**
 * Shuts an HTTP server down without failing a request of a keep-alive client.
 *
 * `server.close()` (and http-terminator's and stoppable's terminate) destroys idle keep-alive
 * sockets at once: a client that sends its next request on one just as it closes gets
 * ECONNRESET, a failed request in a rolling update (about one close in thirty with a client
 * polling every few ms, measured on Node 24). And it stops listening at once, while the
 * node may still route new connections to the pod: on a loaded node kube-proxy can take
 * longer than the preStop sleep to drop a terminating pod, and a client then gets
 * ECONNREFUSED (seen on the e2e node during a `helm upgrade`).
 *
 * Here, for the whole drain window, the server keeps listening and every response says
 * `Connection: close`, so a client's next request goes out on a new connection, to another
 * replica once the node has caught up. A socket that stays idle is left to the server's
 * keep-alive timeout: clients stop reusing a socket before it (Node announces it as
 * `Keep-Alive: timeout=...`; undici and browsers keep a margin), so its close races nothing.
 * The window (by default the keep-alive timeout, Node's buffer and a margin) outlasts every
 * socket that was idle when the drain began; then the server closes.
 */
export const keepAliveDrain = (listener: RequestListener) => {
  let draining = false;
  return {
    listener: ((req, res) => {
      if (draining) res.setHeader("connection", "close");
      listener(req, res);
    }) satisfies RequestListener,
    /** Resolves once the server is closed (see above); `windowMs` is for tests. */
    drain: async (server: Server, { windowMs = server.keepAliveTimeout + 2_000 }: { windowMs?: number } = {}) => {
      draining = true;
      await sleep(windowMs);
      // Stops listening; what is still open is mid-request and closes after its response.
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};
