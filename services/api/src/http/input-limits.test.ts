import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { type AddressInfo, connect } from "node:net";
import { after, before, describe, test } from "node:test";
import { DATE_RANGE_MESSAGE } from "@fincoach/importers";
import { createLogger } from "@fincoach/logging";
import { createMetrics } from "@fincoach/telemetry";
import { createApiListener } from "../api-listener.ts";
import { newAccount, upload } from "../routes/imports/import-fixtures.ts";
import { type Harness, startHarness } from "../test-support/api-harness.ts";

let h: Harness;
let server: Server;
before(async () => {
  h = await startHarness();
  // The listener main.ts serves, on a real socket.
  const { listener } = createApiListener({
    deps: { database: h.database, redis: h.redis, config: h.config },
    logger: createLogger({ service: "api", level: "silent" }),
    metrics: createMetrics("api"),
  });
  server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
});
after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await h.close();
});

type Problem = { code: string; errors?: { path: string; message: string }[] };
const errorsOf = (res: { json: unknown }) => (res.json as Problem).errors ?? [];
const NUL = "\u0000";

/** Sends only a request's head and what of the body is given, and reads until the server closes. */
const rawExchange = (port: number, head: string, deadlineMs = 10_000) =>
  new Promise<string>((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let answer = "";
    const deadline = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no close within ${deadlineMs} ms; got: ${answer.slice(0, 200)}`));
    }, deadlineMs);
    socket.on("data", (d) => (answer += d));
    socket.on("error", reject);
    socket.once("close", () => {
      clearTimeout(deadline);
      resolve(answer);
    });
    socket.write(head);
  });

describe("input limits: body size", () => {
  test("a 100 MB declared body to the unauthenticated login gets 413 at once, unread, over a real socket", async () => {
    const { port } = server.address() as AddressInfo;
    const answer = await rawExchange(
      port,
      'POST /v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 104857600\r\n\r\n{"email":',
    );
    assert.match(answer, /^HTTP\/1\.1 413 /);
    assert.match(answer, /"code":"CONTENT_TOO_LARGE"/);
    assert.match(answer, /"path":"\(body\)"/);
  });

  test("a JSON body just over 1 MiB is refused on an authenticated route too, and creates nothing", async () => {
    const u = await h.newUser();
    const res = await h.call("POST", "/v1/accounts", {
      token: u.token,
      body: { name: "x".repeat(1024 * 1024), type: "checking", currency: "EUR" },
    });
    assert.equal(res.status, 413);
    const list = await h.call("GET", "/v1/accounts", { token: u.token });
    assert.equal(list.json.items.length, 0);
  });
});

describe("input limits: the statement upload keeps its own limit", () => {
  let small: Harness;
  before(async () => {
    small = await startHarness({ JSON_BODY_MAX_BYTES: 1024 });
  });
  after(() => small.close());

  test("with a 1 KiB JSON limit, a 1.7 KB statement still uploads, while a 2 KB JSON body is refused", async () => {
    const u = await small.newUser();
    const acc = await newAccount(small, u, "USD");
    const imported = await upload(small, u, { accountId: acc.id, path: "ofx-ofxparse/checking.ofx" });
    assert.equal(imported.status, 201, imported.text);
    const json = await small.call("PATCH", `/v1/accounts/${acc.id}`, {
      token: u.token,
      body: { name: "x".repeat(2048) },
    });
    assert.equal(json.status, 413);
  });
});

describe("input limits: NUL and ill-formed text", () => {
  test("a NUL in a text field answers 400 naming it on every kind of route, and changes nothing", async () => {
    const u = await h.newUser();
    const account = await h.call("POST", "/v1/accounts", {
      token: u.token,
      body: { name: "Main", type: "checking", currency: "EUR" },
    });
    assert.equal(account.status, 201);
    const accountId = account.json.id as string;
    const cases: [string, string, Record<string, unknown>, string][] = [
      ["POST", "/v1/auth/login", { email: `a${NUL}@example.com`, password: "whatever-password" }, "email"],
      ["POST", "/v1/auth/register", { email: "n@example.com", password: `long-enough${NUL}` }, "password"],
      ["POST", "/v1/accounts", { name: `Sav${NUL}ings`, type: "savings", currency: "EUR" }, "name"],
      ["PATCH", `/v1/accounts/${accountId}`, { name: NUL }, "name"],
      [
        "POST",
        "/v1/transactions",
        { accountId, date: "2024-03-01", amount: "-1.00", description: "ok", notes: `n${NUL}` },
        "notes",
      ],
      [
        "POST",
        "/v1/transactions",
        { accountId, date: "2024-03-01", amount: "-1.00", description: "ok", tags: ["a", `b${NUL}`] },
        "tags.1",
      ],
      ["POST", "/v1/tokens", { name: `cli${NUL}` }, "name"],
    ];
    for (const [method, path, body, field] of cases) {
      const res = await h.call(method, path, { token: u.token, body });
      assert.equal(res.status, 400, `${method} ${path}: ${res.text}`);
      assert.deepEqual(
        errorsOf(res).map((e) => e.path),
        [field],
        `${method} ${path}`,
      );
    }
    const accounts = await h.call("GET", "/v1/accounts", { token: u.token });
    assert.deepEqual(
      accounts.json.items.map((a: { name: string }) => a.name),
      ["Main"],
    );
    const txs = await h.call("GET", "/v1/transactions", { token: u.token });
    assert.equal(txs.json.items.length, 0);
  });

  test("?q=%00 answers 400 naming query.q, in process and over HTTP", async () => {
    const u = await h.newUser();
    for (const http of [false, true]) {
      const res = await h.call("GET", "/v1/transactions?q=%00", { token: u.token, http });
      assert.equal(res.status, 400);
      assert.deepEqual(
        errorsOf(res).map((e) => e.path),
        ["query.q"],
      );
    }
  });

  test("a lone surrogate and invalid UTF-8 answer 400, never stored as replacement characters", async () => {
    const u = await h.newUser();
    const lone = await h.app.request("/v1/accounts", {
      method: "POST",
      headers: { authorization: `Bearer ${u.token}`, "content-type": "application/json" },
      body: '{"name":"\\ud800","type":"checking","currency":"EUR"}',
    });
    assert.equal(lone.status, 400);
    const bytes = Buffer.concat([
      Buffer.from('{"name":"Caf'),
      Buffer.from([0xe9]),
      Buffer.from('","type":"checking","currency":"EUR"}'),
    ]);
    const latin1 = await h.app.request("/v1/accounts", {
      method: "POST",
      headers: { authorization: `Bearer ${u.token}`, "content-type": "application/json" },
      body: bytes,
    });
    assert.equal(latin1.status, 400);
    assert.deepEqual(((await latin1.json()) as Problem).errors, [{ path: "(body)", message: "is not valid UTF-8" }]);
    const accounts = await h.call("GET", "/v1/accounts", { token: u.token });
    assert.equal(accounts.json.items.length, 0);
  });
});

describe("input limits: dates", () => {
  test("a transaction dated in year 0000 or 9999 answers 400 naming date, and nothing is stored", async () => {
    const u = await h.newUser();
    const account = await h.call("POST", "/v1/accounts", {
      token: u.token,
      body: { name: "Main", type: "checking", currency: "EUR" },
    });
    for (const date of ["0000-01-01", "9999-12-31"]) {
      const res = await h.call("POST", "/v1/transactions", {
        token: u.token,
        body: { accountId: account.json.id, date, amount: "-1.00", description: "x" },
      });
      assert.equal(res.status, 400, res.text);
      assert.deepEqual(errorsOf(res), [{ path: "date", message: DATE_RANGE_MESSAGE }]);
    }
    assert.equal((await h.call("GET", "/v1/transactions", { token: u.token })).json.items.length, 0);
  });

  test("list filters and a forged cursor outside the range answer 400 naming the parameter", async () => {
    const u = await h.newUser();
    const from = await h.call("GET", "/v1/transactions?from=0000-01-01", { token: u.token });
    assert.equal(from.status, 400);
    assert.deepEqual(errorsOf(from), [{ path: "query.from", message: DATE_RANGE_MESSAGE }]);
    const to = await h.call("GET", "/v1/transactions?to=3000-01-01", { token: u.token });
    assert.deepEqual(errorsOf(to), [{ path: "query.to", message: DATE_RANGE_MESSAGE }]);
    const cursor = Buffer.from(JSON.stringify({ d: "0000-01-01", i: "01890000-0000-7000-8000-000000000000" })).toString(
      "base64url",
    );
    const forged = await h.call("GET", `/v1/transactions?cursor=${cursor}`, { token: u.token });
    assert.equal(forged.status, 400);
    assert.deepEqual(errorsOf(forged), [
      { path: "query.cursor", message: `is not a valid page cursor: its date ${DATE_RANGE_MESSAGE}` },
    ]);
  });
});
