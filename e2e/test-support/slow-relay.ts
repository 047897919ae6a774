import { createConnection, createServer, type Server, type Socket } from "node:net";

/**
 * A slow provider in front of a server on the machine's loopback: listens on `listenHost`
 * (any free port) and relays each connection to `127.0.0.1:targetPort` only after `delayMs`,
 * so a client's session starts that much later, as with a mail provider that takes seconds to
 * answer. Everything after that is relayed as is.
 */
export const startSlowRelay = async (
  listenHost: string,
  targetPort: number,
  delayMs: number,
): Promise<{ port: number; close(): Promise<void> }> => {
  const sockets = new Set<Socket>();
  const track = (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  };
  const server: Server = createServer((inbound) => {
    track(inbound);
    inbound.pause();
    const timer = setTimeout(() => {
      const outbound = createConnection({ host: "127.0.0.1", port: targetPort });
      track(outbound);
      inbound.pipe(outbound).pipe(inbound);
      inbound.resume();
      const end = () => {
        inbound.destroy();
        outbound.destroy();
      };
      outbound.on("error", end);
      outbound.on("close", end);
      inbound.on("close", end);
    }, delayMs);
    inbound.on("error", () => inbound.destroy());
    inbound.on("close", () => clearTimeout(timer));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, listenHost, resolve);
  });
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("slow relay: no port");
  return {
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
};
