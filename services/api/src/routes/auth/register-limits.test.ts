import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { users } from "@fincoach/db";
import { count } from "drizzle-orm";
import { passwordHashingOf } from "../../auth/password-hashing.ts";
import { type Harness, startHarness } from "../../test-support/api-harness.ts";

const PASSWORD = "correct horse battery";
let n = 0;
const email = () => `r${n++}-${Math.random().toString(36).slice(2)}@example.com`;

const register = (h: Harness, ip?: string, address = email()) =>
  h.call("POST", "/v1/auth/register", {
    body: { email: address, password: PASSWORD },
    ...(ip ? { headers: { "x-forwarded-for": `198.51.100.250, ${ip}` } } : {}),
  });

const assertLimited = (res: Awaited<ReturnType<typeof register>>, maxRetryAfter: number, detail: RegExp) => {
  assert.equal(res.status, 429, res.text);
  assert.equal(res.json.code, "LIMIT_EXCEEDED");
  assert.equal(res.headers.get("content-type"), "application/problem+json");
  assert.match(res.json.detail, detail);
  const retryAfter = Number(res.headers.get("retry-after"));
  assert.ok(
    Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= maxRetryAfter,
    `Retry-After ${retryAfter}`,
  );
};

const userCount = async (h: Harness) => (await h.database.db.select({ n: count() }).from(users))[0]!.n;

describe("registration rate limit: per client address", () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ TRUST_PROXY: true, REGISTER_MAX_PER_IP: 3, REGISTER_IP_WINDOW_SECONDS: 600 });
  });
  after(() => h.close());

  test("the 4th sign-up from one address answers 429 with Retry-After and creates nothing", async () => {
    for (let i = 0; i < 3; i++) assert.equal((await register(h, "203.0.113.7")).status, 201);
    const before = await userCount(h);
    assertLimited(await register(h, "203.0.113.7"), 1200, /sign-ups from this address/);
    assert.equal(await userCount(h), before);
  });

  test("a taken email counts too: 409s can't be used to enumerate without limit", async () => {
    const taken = email();
    assert.equal((await register(h, "203.0.113.20", taken)).status, 201);
    assert.equal((await register(h, "203.0.113.20", taken)).status, 409);
    assert.equal((await register(h, "203.0.113.20", taken)).status, 409);
    assertLimited(await register(h, "203.0.113.20", taken), 1200, /this address/);
  });

  test("another address still gets through; one IPv6 /64 is one address", async () => {
    assert.equal((await register(h, "203.0.113.8")).status, 201);
    for (let i = 1; i <= 3; i++) assert.equal((await register(h, `2001:db8:5:6::${i}`)).status, 201);
    assertLimited(await register(h, "2001:db8:5:6:ffff::1"), 1200, /this address/);
  });

  test("bad input is refused before it counts", async () => {
    for (let i = 0; i < 5; i++) {
      const res = await h.call("POST", "/v1/auth/register", {
        body: { email: email(), password: "short" },
        headers: { "x-forwarded-for": "203.0.113.30" },
      });
      assert.equal(res.status, 400);
    }
    assert.equal((await register(h, "203.0.113.30")).status, 201);
  });
});

describe("registration rate limit: global", () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({
      TRUST_PROXY: true,
      REGISTER_MAX_PER_IP: 100,
      REGISTER_MAX_GLOBAL: 3,
      REGISTER_GLOBAL_WINDOW_SECONDS: 60,
    });
  });
  after(() => h.close());

  test("sign-ups from many addresses together stop at the global limit", async () => {
    for (let i = 1; i <= 3; i++) assert.equal((await register(h, `192.0.2.${i}`)).status, 201);
    assertLimited(await register(h, "192.0.2.99"), 120, /too many sign-ups right now/);
  });
});

describe("password hashing cap", () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ PASSWORD_HASH_CONCURRENCY: 1, PASSWORD_HASH_QUEUE: 0, PASSWORD_HASH_MAX_WAIT_MS: 2000 });
  });
  after(() => h.close());

  test("with the one slot taken and no queue, register and login answer 429 with Retry-After; then work", async () => {
    const hashing = passwordHashingOf(h.config.auth.passwordHashing);
    const address = email();
    assert.equal((await register(h, undefined, address)).status, 201);
    // Hold the only permit, as a slow hash in flight would: deterministic, not timed.
    const release = await hashing.gate.acquire();
    try {
      const before = await userCount(h);
      const signUp = await register(h);
      assertLimited(signUp, 2, /password hashing is busy/);
      assert.equal(Number(signUp.headers.get("retry-after")), 2);
      assert.equal(await userCount(h), before, "nothing written");
      const login = await h.call("POST", "/v1/auth/login", { body: { email: address, password: PASSWORD } });
      assertLimited(login, 2, /password hashing is busy/);
      const unknown = await h.call("POST", "/v1/auth/login", { body: { email: email(), password: PASSWORD } });
      assertLimited(unknown, 2, /password hashing is busy/);
    } finally {
      release();
    }
    assert.equal((await register(h)).status, 201);
    assert.equal(
      (await h.call("POST", "/v1/auth/login", { body: { email: address, password: PASSWORD } })).status,
      200,
    );
  });
});
