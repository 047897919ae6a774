import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Hono } from "hono";
import { clientIp, ipBucket } from "./client-ip.ts";

const ipSeen = async (trustProxy: boolean, xff?: string) => {
  const app = new Hono().get("/", (c) => c.text(clientIp(c, trustProxy)));
  return (await app.request("/", { headers: xff ? { "x-forwarded-for": xff } : {} })).text();
};

describe("clientIp", () => {
  test("ignores X-Forwarded-For unless proxies are trusted; no socket means unknown", async () => {
    assert.equal(await ipSeen(false, "203.0.113.7"), "unknown");
    assert.equal(await ipSeen(true), "unknown");
  });

  test("behind a trusted proxy takes the last hop, which the client can't forge", async () => {
    assert.equal(await ipSeen(true, "203.0.113.7"), "203.0.113.7");
    assert.equal(await ipSeen(true, "1.1.1.1, 203.0.113.7"), "203.0.113.7");
    assert.equal(await ipSeen(true, " 2001:db8::1 "), "2001:db8::1");
  });

  test("a last hop that isn't an IP address is ignored", async () => {
    assert.equal(await ipSeen(true, "203.0.113.7, not-an-ip"), "unknown");
  });
});

describe("ipBucket", () => {
  test("IPv4 as is, IPv4-mapped IPv6 unwrapped", () => {
    assert.equal(ipBucket("203.0.113.7"), "203.0.113.7");
    assert.equal(ipBucket("::ffff:203.0.113.7"), "203.0.113.7");
  });

  test("IPv6 by its /64, whatever the spelling", () => {
    const cases: Array<[string, string]> = [
      ["2001:db8:1:2::1", "2001:db8:1:2::/64"],
      ["2001:0DB8:0001:0002:ffff:0:0:9", "2001:db8:1:2::/64"],
      ["2001:db8::1", "2001:db8:0:0::/64"],
      ["::1", "0:0:0:0::/64"],
      ["fe80::1:2:3:4", "fe80:0:0:0::/64"],
      ["64:ff9b::192.0.2.1", "64:ff9b:0:0::/64"],
    ];
    for (const [ip, bucket] of cases) assert.equal(ipBucket(ip), bucket, ip);
  });

  test("anything else passes through", () => {
    assert.equal(ipBucket("unknown"), "unknown");
  });
});
