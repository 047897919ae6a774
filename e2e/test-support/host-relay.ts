import { createConnection, createServer, type Server } from "node:net";

/**
 * Relays TCP from `listenHost:port` to `127.0.0.1:port`: how pods reach the machine's
 * PostgreSQL and Redis, which listen on loopback only, through the node's address.
 */
export const startHostRelay = async (listenHost: string, port: number): Promise<{ close(): Promise<void> }> => {
  const server: Server = createServer((inbound) => {
    const outbound = createConnection({ host: "127.0.0.1", port });
    inbound.pipe(outbound).pipe(inbound);
    const end = () => {
      inbound.destroy();
      outbound.destroy();
    };
    inbound.on("error", end);
    outbound.on("error", end);
    inbound.on("close", end);
    outbound.on("close", end);
  });
  const sockets = new Set<import("node:net").Socket>();
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, listenHost, resolve);
  });
  return {
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
};
