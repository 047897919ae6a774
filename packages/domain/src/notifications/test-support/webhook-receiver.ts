import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

/** A request the receiver got. */
export type Received = { headers: IncomingHttpHeaders; body: string; status: number };

/**
 * A real HTTP receiver on 127.0.0.1 answering each request with the next status of `plan`
 * (then 200). `delivered` holds the bodies it accepted, deduplicated by FinCoach-Delivery-Id
 * as the docs tell receivers to; `requests` everything it saw.
 */
export const startReceiver = async (plan: number[] = []) => {
  const requests: Received[] = [];
  const delivered = new Map<string, string>();
  const statuses = [...plan];
  const server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => {
      body += c;
    });
    req.on("end", () => {
      const status = statuses.shift() ?? 200;
      requests.push({ headers: req.headers, body, status });
      const id = req.headers["fincoach-delivery-id"];
      if (status === 200 && typeof id === "string" && !delivered.has(id)) delivered.set(id, body);
      res.writeHead(status, { "content-type": "text/plain" }).end(status === 200 ? "ok" : "no");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    port,
    requests,
    delivered,
    setPlan: (next: number[]) => statuses.splice(0, statuses.length, ...next),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
};
export type Receiver = Awaited<ReturnType<typeof startReceiver>>;
