import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { postWebhook, RESPONSE_BODY_LIMIT } from "./post-webhook.ts";
import { startReceiver } from "./test-support/webhook-receiver.ts";

let receiver: Awaited<ReturnType<typeof startReceiver>>;
before(async () => {
  receiver = await startReceiver();
});
after(() => receiver.close());

test("the connection goes to the checked address, whatever the name resolves to now (DNS rebinding)", async () => {
  // `.invalid` never resolves (RFC 6761): reaching the receiver proves no second lookup happened.
  const url = new URL(`http://rebind.invalid:${receiver.port}/hook`);
  const out = await postWebhook(
    { url, address: "127.0.0.1", family: 4 },
    "{}",
    { "FinCoach-Delivery-Id": "d1" },
    5_000,
  );
  assert.equal(out.statusCode, 200, String(out.error));
  const last = receiver.requests.at(-1)!;
  assert.equal(last.headers.host, `rebind.invalid:${receiver.port}`, "the URL's own host name is kept");
});

test("a receiver that does not answer within the timeout is a failure with no status code", async () => {
  const { createServer } = await import("node:net");
  const silent = createServer(() => {});
  await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
  const port = (silent.address() as { port: number }).port;
  try {
    const out = await postWebhook(
      { url: new URL(`http://127.0.0.1:${port}/`), address: "127.0.0.1", family: 4 },
      "{}",
      {},
      300,
    );
    assert.equal(out.statusCode, null);
    assert.ok(out.error, "an error is recorded");
  } finally {
    silent.close();
  }
});

test("an endless answer is cut off after the body cap, not read to the end", async () => {
  const { createServer } = await import("node:http");
  let hungUp!: () => void;
  const closed = new Promise<void>((r) => {
    hungUp = r;
  });
  const endless = createServer((_req, res) => {
    res.writeHead(200);
    const chunk = Buffer.alloc(16 * 1024, 120);
    const pump = () => {
      while (res.write(chunk)) {}
    };
    res.on("drain", pump);
    res.on("close", hungUp);
    pump();
  });
  await new Promise<void>((r) => endless.listen(0, "127.0.0.1", r));
  const port = (endless.address() as { port: number }).port;
  try {
    const out = await postWebhook(
      { url: new URL(`http://127.0.0.1:${port}/`), address: "127.0.0.1", family: 4 },
      "{}",
      {},
      10_000,
    );
    assert.equal(out.statusCode, 200, String(out.error));
    await closed;
    assert.ok(RESPONSE_BODY_LIMIT <= 64 * 1024);
  } finally {
    endless.closeAllConnections();
    endless.close();
  }
});
