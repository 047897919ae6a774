import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startDovecot, type TestDovecot } from "@fincoach/testing";
import { type Harness, startHarness } from "../../test-support/api-harness.ts";
import { createVia, imapBody } from "./connection-fixtures.ts";

// A real Dovecot (packages/testing) with STARTTLS, implicit TLS (self-signed) and XOAUTH2.
const USER = { username: "ada", password: "dovecot-pw-31c9" };
let h: Harness;
let dovecot: TestDovecot;
before(async () => {
  [h, dovecot] = await Promise.all([startHarness(), startDovecot({ users: [USER], tls: true, oauth2: true })]);
});
after(async () => {
  await Promise.all([h.close(), dovecot?.stop()]);
});

const check = async (body: Record<string, unknown>) => {
  const u = await h.newUser();
  const id = await createVia(h, u.token, imapBody({ host: dovecot.host, port: dovecot.port, tls: "none", ...body }));
  return h.call("POST", `/v1/connections/${id}/test`, { token: u.token });
};

test("the right password signs in: 200 { ok: true }", async () => {
  const res = await check({ username: USER.username, password: USER.password });
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(res.json, { ok: true });
});

test("a wrong password is 422 with the server's reason", async () => {
  const res = await check({ username: USER.username, password: "wrong-password" });
  assert.equal(res.status, 422, res.text);
  assert.match(res.json.detail, /^authentication failed: AUTHENTICATIONFAILED/);
  assert.doesNotMatch(res.json.detail, /wrong-password/);
});

test("an OAuth2 access token signs in with XOAUTH2; a revoked one is refused", async () => {
  const token = dovecot.issueToken(USER.username);
  const ok = await check({ username: USER.username, password: undefined, accessToken: token });
  assert.equal(ok.status, 200, ok.text);
  dovecot.revokeToken(token);
  const refused = await check({ username: USER.username, password: undefined, accessToken: token });
  assert.equal(refused.status, 422, refused.text);
  assert.match(refused.json.detail, /^authentication failed/);
});

test("STARTTLS and implicit TLS verify the server's certificate: a self-signed one is refused, saying so", async () => {
  const starttls = await check({ username: USER.username, password: USER.password, tls: "starttls" });
  assert.equal(starttls.status, 422, starttls.text);
  assert.match(
    starttls.json.detail,
    /^TLS failed at 127\.0\.0\.1:\d+: self-signed certificate \(DEPTH_ZERO_SELF_SIGNED_CERT\)$/,
  );
  const implicit = await check({
    username: USER.username,
    password: USER.password,
    tls: "implicit",
    port: dovecot.tlsPort,
  });
  assert.equal(implicit.status, 422, implicit.text);
  assert.equal(
    implicit.json.detail,
    `TLS failed at ${dovecot.host}:${dovecot.tlsPort}: self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT)`,
  );
});
