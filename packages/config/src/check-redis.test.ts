import assert from "node:assert/strict";
import { createServer, type Server } from "node:net";
import { after, test } from "node:test";
import { checkRedis, redisTarget } from "./check-redis.ts";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const servers: Server[] = [];
after(() => Promise.all(servers.map((s) => new Promise((r) => s.close(r)))));

const closedPort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

test("a Redis that answers PING passes", async () => {
  assert.equal(await checkRedis(REDIS_URL), undefined);
});

test("a closed port: one line with host:port and 'connection refused', never the password", async () => {
  const port = await closedPort();
  assert.equal(
    await checkRedis(`redis://:s3cret-pw@127.0.0.1:${port}`),
    `Redis at 127.0.0.1:${port}: connection refused`,
  );
});

test("a user Redis doesn't know: authentication failed", async () => {
  const url = new URL(REDIS_URL);
  url.username = "nosuchuser";
  url.password = "s3cret-pw";
  const line = await checkRedis(url.toString());
  assert.match(line ?? "", /^Redis at [^ ]+:\d+: authentication failed \(WRONGPASS/);
  assert.ok(!line?.includes("s3cret-pw"));
});

test("a server that never answers: timed out, within the deadline", async () => {
  const port = await new Promise<number>((resolve) => {
    const s = createServer(() => {}).listen(0, "127.0.0.1", () => resolve((s.address() as { port: number }).port));
    servers.push(s);
  });
  const line = await checkRedis(`redis://127.0.0.1:${port}`, { timeoutMs: 300 });
  assert.equal(line, `Redis at 127.0.0.1:${port}: timed out after 300 ms`);
});

test("an unknown host is said so", async () => {
  assert.match((await checkRedis("redis://fincoach-no-such-host.invalid:6379")) ?? "", /: unknown host/);
});

test("the target is host:port, default port 6379", () => {
  assert.equal(redisTarget("redis://:pw@cache.internal"), "cache.internal:6379");
  assert.equal(redisTarget("rediss://u:pw@10.0.0.1:6380/2"), "10.0.0.1:6380");
});
