import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { after, before, test } from "node:test";
import { createLogger } from "@fincoach/logging";
import { createMetrics } from "@fincoach/telemetry";
import { createApp } from "../../app.ts";
import { type Harness, startHarness } from "../../test-support/api-harness.ts";

let h: Harness;
before(async () => {
  h = await startHarness({ LOGIN_MAX_PER_ACCOUNT: 2 });
});
after(() => h.close());

test("no password or token reaches the logs, even at trace level and on failures", async () => {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const app = createApp({
    deps: { database: h.database, redis: h.redis, config: h.config },
    logger: createLogger({ service: "api", level: "trace", destination }),
    metrics: createMetrics("api"),
  });
  const post = async (path: string, body: unknown, token?: string) => {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (token) headers.authorization = `Bearer ${token}`;
    const res = await app.request(path, { method: "POST", headers, body: JSON.stringify(body) });
    // Only the string fields (tokens) are read here; shapes are checked by the other tests.
    return (res.status === 204 ? {} : await res.json()) as { accessToken: string; refreshToken: string; token: string };
  };
  const password = "log-canary-password-1";
  const email = "logs@example.com";
  const session = await post("/v1/auth/register", { email, password });
  await post("/v1/auth/register", { email, password: "short-pw" });
  await post("/v1/auth/login", { email, password: "log-canary-wrong-pw" });
  const login = await post("/v1/auth/login", { email, password });
  await post("/v1/auth/login", { email, password }); // 429
  const refreshed = await post("/v1/auth/refresh", { refreshToken: session.refreshToken });
  await post("/v1/auth/refresh", { refreshToken: session.refreshToken }); // reuse
  const pat = await post("/v1/tokens", { name: "canary" }, login.accessToken);
  await app.request("/v1/me", { headers: { authorization: `Bearer ${pat.token}` } });
  await app.request("/v1/me", { headers: { authorization: "Bearer fcp_log-canary-bad-token" } });
  await post("/v1/auth/logout", { refreshToken: login.refreshToken });
  await app.request("/v1/me", {
    method: "DELETE",
    headers: { "content-type": "application/json", authorization: `Bearer ${refreshed.accessToken}` },
    body: JSON.stringify({ password: "log-canary-delete-pw" }),
  });

  const text = lines.join("");
  assert.ok(lines.length >= 10, "requests were logged");
  const secrets = [
    password,
    "short-pw",
    "log-canary-wrong-pw",
    "log-canary-bad-token",
    "log-canary-delete-pw",
    session.accessToken,
    session.refreshToken,
    login.refreshToken,
    refreshed.refreshToken,
    pat.token,
  ];
  for (const secret of secrets) assert.ok(!text.includes(secret), `leaked: ${secret.slice(0, 8)}…`);
});
