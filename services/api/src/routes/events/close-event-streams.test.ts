import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, test } from "node:test";
import { createLogger } from "@fincoach/logging";
import { createMetrics } from "@fincoach/telemetry";
import { eventually } from "@fincoach/testing";
import type { ApiDeps } from "../../api-context.ts";
import { createApiListener } from "../../api-listener.ts";
import { type Harness, startHarness } from "../../test-support/api-harness.ts";
import { closeEventStreams } from "./close-event-streams.ts";
import { openStreamsOf } from "./open-streams-of.ts";
import { openSse } from "./sse-test-client.ts";

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

test("closeEventStreams ends every open stream, so the server can close and the readers are gone", async () => {
  // The deps object is the process: its open streams are what closeEventStreams ends.
  const deps: ApiDeps = { database: h.database, redis: h.redis, config: h.config };
  const { listener } = createApiListener({
    deps,
    logger: createLogger({ service: "api", level: "silent" }),
    metrics: createMetrics("api"),
  });
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/events`;
  const [a, b] = [await h.newUser(), await h.newUser()];
  const streams = [await openSse(url, { token: a.token }), await openSse(url, { token: a.token })];
  streams.push(await openSse(url, { token: b.token }));
  assert.deepEqual(
    streams.map((s) => s.status),
    [200, 200, 200],
  );
  assert.equal(openStreamsOf(deps).count(), 3);
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  closeEventStreams(deps);
  await eventually(() => assert.ok(streams.every((s) => s.ended())), 10_000);
  await closed; // server.close() waits for every open response: none is left.
  assert.equal(openStreamsOf(deps).count(), 0);
  await eventually(async () => {
    const list = (await h.redis.client("LIST")) as string;
    assert.ok(!list.includes(`name=fincoach-events:${a.id}`) && !list.includes(`name=fincoach-events:${b.id}`));
  }, 10_000);
});
