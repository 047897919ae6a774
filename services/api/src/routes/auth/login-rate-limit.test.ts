import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type Harness, startHarness } from "../../test-support/api-harness.ts";

const PASSWORD = "correct horse battery";
const WINDOW = 60;

const login = (h: Harness, email: string, password: string, ip?: string) =>
  h.call("POST", "/v1/auth/login", {
    body: { email, password },
    ...(ip ? { headers: { "x-forwarded-for": `198.51.100.250, ${ip}` } } : {}),
  });

const assertLimited = (res: Awaited<ReturnType<typeof login>>) => {
  assert.equal(res.status, 429);
  assert.equal(res.json.code, "LIMIT_EXCEEDED");
  assert.equal(res.headers.get("content-type"), "application/problem+json");
  const retryAfter = Number(res.headers.get("retry-after"));
  assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 2 * WINDOW, `Retry-After ${retryAfter}`);
};

describe("login rate limit: per account", () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ LOGIN_MAX_PER_ACCOUNT: 3, LOGIN_MAX_PER_IP: 100, LOGIN_WINDOW_SECONDS: WINDOW });
  });
  after(() => h.close());

  test("the 4th attempt answers 429 with Retry-After, even with the right password", async () => {
    const email = "victim@example.com";
    await h.call("POST", "/v1/auth/register", { body: { email, password: PASSWORD } });
    for (let i = 0; i < 3; i++) assert.equal((await login(h, email, "wrong password")).status, 401);
    assertLimited(await login(h, email, PASSWORD));
    assertLimited(await login(h, ` ${email.toUpperCase()}`, PASSWORD)); // same account, other spelling
  });

  test("other accounts are unaffected", async () => {
    const email = "bystander@example.com";
    await h.call("POST", "/v1/auth/register", { body: { email, password: PASSWORD } });
    assert.equal((await login(h, email, PASSWORD)).status, 200);
  });

  test("unknown emails are limited alike, so a 429 reveals nothing", async () => {
    for (let i = 0; i < 3; i++) assert.equal((await login(h, "ghost@example.com", PASSWORD)).status, 401);
    assertLimited(await login(h, "ghost@example.com", PASSWORD));
  });
});

describe("login rate limit: per client IP (behind a trusted proxy)", () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({
      TRUST_PROXY: true,
      LOGIN_MAX_PER_ACCOUNT: 100,
      LOGIN_MAX_PER_IP: 3,
      LOGIN_WINDOW_SECONDS: WINDOW,
    });
  });
  after(() => h.close());

  test("the 4th attempt from one address answers 429, across different accounts", async () => {
    for (let i = 0; i < 3; i++)
      assert.equal((await login(h, `a${i}@example.com`, PASSWORD, "203.0.113.7")).status, 401);
    assertLimited(await login(h, "a9@example.com", PASSWORD, "203.0.113.7"));
  });

  test("another address still gets through", async () => {
    assert.equal((await login(h, "a0@example.com", PASSWORD, "203.0.113.8")).status, 401);
  });

  test("IPv6 addresses of one /64 share a budget", async () => {
    for (let i = 1; i <= 3; i++) await login(h, "v6@example.com", PASSWORD, `2001:db8:1:2::${i}`);
    assertLimited(await login(h, "v6@example.com", PASSWORD, "2001:db8:1:2:ffff::9"));
    assert.equal((await login(h, "v6@example.com", PASSWORD, "2001:db8:1:3::1")).status, 401);
  });
});

describe("login rate limit: untrusted X-Forwarded-For", () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ LOGIN_MAX_PER_ACCOUNT: 100, LOGIN_MAX_PER_IP: 2, LOGIN_WINDOW_SECONDS: WINDOW });
  });
  after(() => h.close());

  test("without TRUST_PROXY a client can't escape the limit by inventing addresses", async () => {
    assert.equal((await login(h, "b1@example.com", PASSWORD, "192.0.2.1")).status, 401);
    assert.equal((await login(h, "b2@example.com", PASSWORD, "192.0.2.2")).status, 401);
    assertLimited(await login(h, "b3@example.com", PASSWORD, "192.0.2.3"));
  });
});
