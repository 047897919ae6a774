import assert from "node:assert/strict";
import { createServer } from "node:net";
import { after, test } from "node:test";
import { createLogger } from "@fincoach/logging";
import { eventually } from "@fincoach/testing";
import { Redis } from "ioredis";
import type { ApiDeps } from "../../api-context.ts";
import { importQueueOf } from "../imports/bullmq-import-queue.ts";
import { syncJobQueueOf } from "./bullmq-sync-job-queue.ts";

/** A port nothing listens on: bound, then released. */
const closedPort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

const clients: Redis[] = [];
after(() => {
  for (const c of clients) c.disconnect();
});

test("the API's BullMQ producers log a refused Redis as rate-limited JSON lines, not raw errors", async () => {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({
    service: "api-test",
    level: "warn",
    destination: { write: (line: string) => void lines.push(JSON.parse(line)) },
  });
  // The API's shared client, its Redis gone: every reconnection is refused.
  const redis = new Redis(`redis://127.0.0.1:${await closedPort()}`, { maxRetriesPerRequest: 2 });
  redis.on("error", () => {});
  clients.push(redis);
  const deps = { redis, config: { redisPrefix: `api-test-${crypto.randomUUID()}` }, logger } as unknown as ApiDeps;
  importQueueOf(deps);
  syncJobQueueOf(deps);
  await eventually(() => {
    const queues = lines.filter((l) => l.msg === "queue error").map((l) => [l.queue, l.code]);
    assert.deepEqual(queues.sort(), [
      ["import-file", "ECONNREFUSED"],
      ["sync", "ECONNREFUSED"],
    ]);
  }, 10_000);
  // One line per queue per interval however often ioredis retries, each without a stack.
  assert.equal(lines.filter((l) => l.msg === "queue error").length, 2);
  for (const l of lines) assert.equal(JSON.stringify(l).includes("at TCPConnectWrap"), false);
});
