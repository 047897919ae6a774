import type { Server } from "node:http";
import type { AddressInfo } from "node:net";

/** A listening server: where it bound, and how to stop it. */
export type ListeningServer = { port: number; close: () => Promise<void> };

/**
 * Binds `server` to `port` (0 picks a free one) on `host`, rejecting if the port cannot be
 * taken. Shared by the metrics server and the services' own health servers.
 */
export const listenHttpServer = async (server: Server, port: number, host: string): Promise<ListeningServer> => {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        // A scraper's keep-alive socket would hold close() open until it times out.
        server.closeIdleConnections();
      }),
  };
};
