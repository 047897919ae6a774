import assert from "node:assert/strict";
import { createServer } from "node:http";
import { connect } from "node:net";
import { test } from "node:test";
import { createLogger } from "@fincoach/logging";
import { createMetrics } from "@fincoach/telemetry";
import { getRequestListener } from "@hono/node-server";
import type { BaseEnv } from "../base-env.ts";
import { newApp } from "../new-app.ts";
import { DEFAULT_JSON_BODY_MAX_BYTES, jsonBodyLimit } from "./json-body-limit.ts";

const build = (jsonBodyMaxBytes?: number) => {
  const app = newApp<BaseEnv>({
    service: "test",
    logger: createLogger({ service: "test", level: "silent" }),
    metrics: createMetrics("test"),
    jsonBodyMaxBytes,
  });
  app.post("/echo", async (c) => c.json({ length: JSON.stringify(await c.req.json()).length }));
  app.post("/upload", async (c) => c.json({ size: (await c.req.arrayBuffer()).byteLength }));
  return app;
};

const jsonOf = (n: number) => JSON.stringify({ s: "x".repeat(n) });

/** A body that arrives in pieces with no Content-Length (chunked on the wire). */
const streamed = (chunks: number, chunkBytes: number) => {
  let sent = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent++ === chunks) controller.close();
      else controller.enqueue(new Uint8Array(chunkBytes).fill(0x20));
    },
  });
};

test("a declared Content-Length over the limit answers 413 problem+json naming the body", async () => {
  const res = await build(1024).request("/echo", {
    method: "POST",
    headers: { "content-type": "application/json", "content-length": "2000" },
    body: jsonOf(1990),
  });
  assert.equal(res.status, 413);
  assert.equal(res.headers.get("content-type"), "application/problem+json");
  const problem = (await res.json()) as { code: string; errors: { path: string; message: string }[] };
  assert.equal(problem.code, "CONTENT_TOO_LARGE");
  assert.deepEqual(problem.errors, [{ path: "(body)", message: "is larger than the 1024-byte limit" }]);
});

test("a body at the limit passes; the default limit is 1 MiB", async () => {
  const atLimit = jsonOf(1024 - 8);
  assert.equal(atLimit.length, 1024);
  const ok = await build(1024).request("/echo", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: atLimit,
  });
  assert.equal(ok.status, 200);
  assert.equal(DEFAULT_JSON_BODY_MAX_BYTES, 1024 * 1024);
  const app = build();
  const under = await app.request("/echo", { method: "POST", body: jsonOf(1024 * 1024 - 100) });
  assert.equal(under.status, 200);
  const over = await app.request("/echo", { method: "POST", body: jsonOf(1024 * 1024) });
  assert.equal(over.status, 413);
});

test("a streamed body is counted as it arrives and refused once past the limit", async () => {
  let pulled = 0;
  const source = streamed(10_000, 1024);
  const reader = source.getReader();
  const counted = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) return controller.close();
      pulled++;
      controller.enqueue(value);
    },
  });
  const res = await build(4096).request("/echo", {
    method: "POST",
    headers: { "content-type": "application/json", "transfer-encoding": "chunked" },
    body: counted,
    duplex: "half",
  } as RequestInit);
  assert.equal(res.status, 413);
  assert.ok(pulled <= 6, `read ${pulled} chunks of 1 KiB for a 4 KiB limit`);
});

test("multipart bodies are left to the route's own limit", async () => {
  const form = new FormData();
  form.set("file", new Blob([new Uint8Array(5000)]), "statement.csv");
  const res = await build(1024).request("/upload", { method: "POST", body: form });
  assert.equal(res.status, 200);
  assert.ok(((await res.json()) as { size: number }).size > 5000);
});

test("a limit that is not a positive integer is refused when the middleware is made", () => {
  for (const maxBytes of [0, -1, 1.5, Number.NaN]) assert.throws(() => jsonBodyLimit({ maxBytes }), /maxBytes/);
});

test("over a real socket: a 100 MB declared body gets 413 at once, unread, and the connection closes", async () => {
  const server = createServer(getRequestListener(build().fetch));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  try {
    const socket = connect(port, "127.0.0.1");
    let answer = "";
    socket.on("data", (d) => (answer += d));
    const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
    socket.write(
      "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 104857600\r\n\r\n{",
    );
    // Only the headers and one byte were sent: an answer proves the body was never awaited.
    const deadline = setTimeout(() => socket.destroy(new Error("no answer within 10 s")), 10_000);
    await closed;
    clearTimeout(deadline);
    assert.match(answer, /^HTTP\/1\.1 413 /);
    assert.match(answer, /content-type: application\/problem\+json/i);
    assert.match(answer, /connection: close/i);
    assert.ok(server.listening);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

test("over a real socket: a chunked body is cut off once past the limit, before it ends", async () => {
  const server = createServer(getRequestListener(build(1024).fetch));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  try {
    const socket = connect(port, "127.0.0.1");
    let answer = "";
    socket.on("data", (d) => (answer += d));
    const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
    socket.write(
      "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
    );
    // Three 512-byte chunks and no final zero-length chunk: the body never ends on its own.
    const chunk = `200\r\n${" ".repeat(512)}\r\n`;
    socket.write(chunk + chunk + chunk);
    const deadline = setTimeout(() => socket.destroy(new Error("no answer within 10 s")), 10_000);
    await closed;
    clearTimeout(deadline);
    assert.match(answer, /^HTTP\/1\.1 413 /);
    assert.match(answer, /is larger than the 1024-byte limit/);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});
