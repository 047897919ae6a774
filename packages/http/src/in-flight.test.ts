import assert from "node:assert/strict";
import { test } from "node:test";
import { trackInFlight } from "./in-flight.ts";

test("idle() waits for running handlers, even failing ones", async () => {
  let release = () => {};
  const gate = new Promise<void>((r) => {
    release = r;
  });
  const tracked = trackInFlight(async (req: Request) => {
    await gate;
    if (req.url.endsWith("/fail")) throw new Error("boom");
    return new Response("ok");
  });
  const ok = tracked.fetch(new Request("http://x/ok"));
  const failing = tracked.fetch(new Request("http://x/fail")).catch(() => "failed");
  assert.equal(tracked.running(), 2);
  let idle = false;
  const idlePromise = tracked.idle().then(() => {
    idle = true;
  });
  await new Promise((r) => setImmediate(r));
  assert.equal(idle, false);
  release();
  await Promise.all([ok, failing, idlePromise]);
  assert.equal(idle, true);
  assert.equal(tracked.running(), 0);
  await tracked.idle();
});
