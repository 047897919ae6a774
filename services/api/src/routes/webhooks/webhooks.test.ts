import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { webhooks } from "@fincoach/db";
import { WebhookNetworkEnv } from "@fincoach/domain/notifications";
import { eq } from "drizzle-orm";
import { type Harness, startHarness } from "../../test-support/api-harness.ts";
import { newAccount, upload } from "../imports/import-fixtures.ts";

let h: Harness;
let receiverUrl: string;
const receiver = createServer((_req, res) => res.end("ok"));
before(async () => {
  // The receiver is on loopback 127.0.0.3, the one range allowed (WEBHOOK_ALLOWED_CIDRS, parsed as
  // env.ts parses it): the rest of loopback, private and metadata addresses stay refused.
  h = await startHarness(WebhookNetworkEnv.parse({ WEBHOOK_ALLOWED_CIDRS: "127.0.0.3/32" }));
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.3", r));
  receiverUrl = `http://127.0.0.3:${(receiver.address() as AddressInfo).port}/hook`;
});
after(async () => {
  receiver.close();
  await h.close();
});

describe("/v1/webhooks", () => {
  test("refuses loopback, private, link-local and metadata URLs with a problem naming `url`", async () => {
    const { token } = await h.newUser();
    for (const url of [
      "http://127.0.0.1:8080/hook",
      "http://10.20.30.40/hook",
      "http://169.254.169.254/latest/meta-data/",
      "http://[::1]/hook",
      "http://[::ffff:127.0.0.1]/hook",
      "http://localhost/hook",
    ]) {
      const res = await h.call("POST", "/v1/webhooks", { token, body: { url, eventTypes: ["alert.raised"] } });
      assert.equal(res.status, 400, url);
      assert.equal(res.headers.get("content-type"), "application/problem+json");
      assert.equal(res.json.code, "VALIDATION");
      assert.ok(
        res.json.errors.some((e: { path: string }) => e.path === "url"),
        JSON.stringify(res.json),
      );
    }
    assert.deepEqual((await h.call("GET", "/v1/webhooks", { token })).json.items, []);
  });

  test("bad input is a 400 naming the field", async () => {
    const { token } = await h.newUser();
    const res = await h.call("POST", "/v1/webhooks", {
      token,
      body: { url: "https://example.com/x", eventTypes: ["payday"] },
    });
    assert.equal(res.status, 400);
    assert.ok(res.json.errors.some((e: { path: string }) => e.path.startsWith("eventTypes")));
    const empty = await h.call("POST", "/v1/webhooks", {
      token,
      body: { url: "https://example.com/x", eventTypes: [] },
    });
    assert.equal(empty.status, 400);
  });

  test("the secret is shown once: in the 201, never in a list or get", async () => {
    const { token } = await h.newUser();
    const created = await h.call("POST", "/v1/webhooks", {
      token,
      body: { url: receiverUrl, eventTypes: ["transactions.created", "plan.changed"], description: "home" },
    });
    assert.equal(created.status, 201);
    const secret = created.json.secret as string;
    assert.match(secret, /^whsec_/);
    assert.equal(created.json.status, "active");
    const list = await h.call("GET", "/v1/webhooks", { token });
    const one = await h.call("GET", `/v1/webhooks/${created.json.id}`, { token });
    assert.equal(list.json.items.length, 1);
    for (const body of [list.text, one.text]) assert.ok(!body.includes(secret.slice(6)), "secret not shown again");
    assert.equal(one.json.description, "home");
    const deliveries = await h.call("GET", `/v1/webhooks/${created.json.id}/deliveries`, { token });
    assert.deepEqual(deliveries.json, { items: [] });
    assert.equal((await h.call("DELETE", `/v1/webhooks/${created.json.id}`, { token })).status, 204);
    assert.equal((await h.call("GET", `/v1/webhooks/${created.json.id}`, { token })).status, 404);
  });

  test("another person's webhook answers 404 everywhere, like one that never existed", async () => {
    const owner = await h.newUser();
    const other = await h.newUser();
    const created = await h.call("POST", "/v1/webhooks", {
      token: owner.token,
      body: { url: receiverUrl, eventTypes: ["alert.raised"] },
    });
    const id = created.json.id as string;
    for (const [method, path] of [
      ["GET", `/v1/webhooks/${id}`],
      ["GET", `/v1/webhooks/${id}/deliveries`],
      ["DELETE", `/v1/webhooks/${id}`],
    ] as const) {
      const res = await h.call(method, path, { token: other.token });
      assert.equal(res.status, 404, `${method} ${path}`);
      assert.equal(res.headers.get("content-type"), "application/problem+json");
    }
    assert.deepEqual((await h.call("GET", "/v1/webhooks", { token: other.token })).json.items, []);
    assert.equal((await h.call("GET", `/v1/webhooks/${id}`, { token: owner.token })).status, 200);
  });

  test("PATCH re-enables a webhook disabled after failures, its count afresh; other fields change alone", async () => {
    const { token } = await h.newUser();
    const created = await h.call("POST", "/v1/webhooks", {
      token,
      body: { url: receiverUrl, eventTypes: ["alert.raised"], description: "home" },
    });
    const id = created.json.id as string;
    // As the worker leaves it after 5 deliveries in a row failed for good.
    await h.database.db
      .update(webhooks)
      .set({
        status: "disabled",
        consecutiveFailures: 5,
        disabledReason: "5 deliveries in a row failed",
        disabledAt: new Date(),
      })
      .where(eq(webhooks.id, id));
    assert.equal((await h.call("GET", `/v1/webhooks/${id}`, { token })).json.status, "disabled");
    const enabled = await h.call("PATCH", `/v1/webhooks/${id}`, { token, body: { active: true } });
    assert.equal(enabled.status, 200, enabled.text);
    assert.deepEqual(
      [enabled.json.status, enabled.json.consecutiveFailures, enabled.json.disabledReason],
      ["active", 0, null],
    );
    assert.deepEqual((await h.call("GET", `/v1/webhooks/${id}`, { token })).json, enabled.json);
    const [row] = await h.database.db.select().from(webhooks).where(eq(webhooks.id, id));
    assert.equal(row!.disabledAt, null);
    const changed = await h.call("PATCH", `/v1/webhooks/${id}`, {
      token,
      body: { eventTypes: ["sync.failed", "plan.changed"], description: null, url: `${receiverUrl}/v2` },
    });
    assert.equal(changed.status, 200, changed.text);
    assert.deepEqual(
      [changed.json.eventTypes, changed.json.description, changed.json.url, changed.json.status],
      [["sync.failed", "plan.changed"], null, `${receiverUrl}/v2`, "active"],
    );
    const paused = await h.call("PATCH", `/v1/webhooks/${id}`, { token, body: { active: false } });
    assert.deepEqual([paused.json.status, paused.json.disabledReason], ["disabled", "disabled by its owner"]);
    const again = await h.call("PATCH", `/v1/webhooks/${id}`, { token, body: { active: false } });
    assert.equal(again.status, 200, again.text);
    assert.deepEqual(again.json, paused.json, "pausing a paused webhook changes nothing");
    assert.equal(
      row!.secretCiphertext,
      (await h.database.db.select().from(webhooks).where(eq(webhooks.id, id)))[0]!.secretCiphertext,
      "the secret is kept",
    );
  });

  test("PATCH re-runs the address check: a refused new URL, or a refused URL being re-enabled, is a 400 naming `url`", async () => {
    const { token } = await h.newUser();
    const created = await h.call("POST", "/v1/webhooks", {
      token,
      body: { url: receiverUrl, eventTypes: ["alert.raised"] },
    });
    const id = created.json.id as string;
    for (const url of [
      "http://169.254.169.254/latest/meta-data/",
      "http://127.0.0.1:8080/hook",
      "ftp://example.com/",
    ]) {
      const res = await h.call("PATCH", `/v1/webhooks/${id}`, { token, body: { url } });
      assert.equal(res.status, 400, url);
      assert.equal(res.headers.get("content-type"), "application/problem+json");
      assert.ok(
        res.json.errors.some((e: { path: string }) => e.path === "url"),
        url,
      );
    }
    assert.equal((await h.call("GET", `/v1/webhooks/${id}`, { token })).json.url, receiverUrl, "unchanged");
    // Stored before the policy narrowed (as if WEBHOOK_ALLOW_PRIVATE was since turned off), then disabled.
    await h.database.db
      .update(webhooks)
      .set({ url: "http://10.20.30.40/hook", status: "disabled", disabledReason: "5 deliveries in a row failed" })
      .where(eq(webhooks.id, id));
    const res = await h.call("PATCH", `/v1/webhooks/${id}`, { token, body: { active: true } });
    assert.equal(res.status, 400);
    assert.ok(res.json.errors.some((e: { path: string }) => e.path === "url"));
    assert.equal((await h.call("GET", `/v1/webhooks/${id}`, { token })).json.status, "disabled");
    for (const body of [{}, { active: "yes" }, { eventTypes: [] }, { secret: "whsec_mine" }]) {
      const bad = await h.call("PATCH", `/v1/webhooks/${id}`, { token, body });
      assert.equal(bad.status, 400, JSON.stringify(body));
    }
  });

  test("PATCH of another person's webhook is 404 and changes nothing", async () => {
    const owner = await h.newUser();
    const other = await h.newUser();
    const created = await h.call("POST", "/v1/webhooks", {
      token: owner.token,
      body: { url: receiverUrl, eventTypes: ["alert.raised"] },
    });
    const id = created.json.id as string;
    await h.database.db.update(webhooks).set({ status: "disabled" }).where(eq(webhooks.id, id));
    const res = await h.call("PATCH", `/v1/webhooks/${id}`, {
      token: other.token,
      body: { active: true, eventTypes: ["sync.failed"] },
    });
    assert.equal(res.status, 404);
    assert.equal(res.headers.get("content-type"), "application/problem+json");
    const mine = (await h.call("GET", `/v1/webhooks/${id}`, { token: owner.token })).json;
    assert.deepEqual([mine.status, mine.eventTypes], ["disabled", ["alert.raised"]]);
    const missing = await h.call("PATCH", `/v1/webhooks/${crypto.randomUUID()}`, {
      token: owner.token,
      body: { active: true },
    });
    assert.equal(missing.status, 404);
  });

  test("without a token every route is 401", async () => {
    for (const [method, path] of [
      ["GET", "/v1/webhooks"],
      ["POST", "/v1/webhooks"],
      ["PATCH", `/v1/webhooks/${crypto.randomUUID()}`],
      ["GET", "/v1/notifications/settings"],
      ["PUT", "/v1/notifications/settings"],
    ] as const)
      assert.equal((await h.call(method, path)).status, 401, `${method} ${path}`);
  });
});

describe("/v1/notifications/settings", () => {
  test("off by default; PUT replaces; bad event types are a 400; each person has their own", async () => {
    const a = await h.newUser();
    const b = await h.newUser();
    assert.deepEqual((await h.call("GET", "/v1/notifications/settings", { token: a.token })).json, {
      email: { enabled: false, eventTypes: [] },
    });
    const body = { email: { enabled: true, eventTypes: ["alert.raised", "sync.failed"] } };
    const put = await h.call("PUT", "/v1/notifications/settings", { token: a.token, body });
    assert.equal(put.status, 200);
    assert.deepEqual(put.json, body);
    assert.deepEqual((await h.call("GET", "/v1/notifications/settings", { token: a.token })).json, body);
    assert.deepEqual((await h.call("GET", "/v1/notifications/settings", { token: b.token })).json.email.enabled, false);
    const bad = await h.call("PUT", "/v1/notifications/settings", {
      token: a.token,
      body: { email: { enabled: true, eventTypes: ["nope"] } },
    });
    assert.equal(bad.status, 400);
    assert.equal(bad.headers.get("content-type"), "application/problem+json");
    assert.deepEqual((await h.call("GET", "/v1/notifications/settings", { token: a.token })).json, body);
  });
});

test("the OpenAPI document has every webhook and notification operation, with examples", async () => {
  const doc = (await h.call("GET", "/openapi.json")).json;
  for (const [path, method] of [
    ["/v1/webhooks", "post"],
    ["/v1/webhooks", "get"],
    ["/v1/webhooks/{id}", "get"],
    ["/v1/webhooks/{id}", "delete"],
    ["/v1/webhooks/{id}", "patch"],
    ["/v1/webhooks/{id}/deliveries", "get"],
    ["/v1/notifications/settings", "get"],
    ["/v1/notifications/settings", "put"],
  ] as const)
    assert.ok(doc.paths[path]?.[method], `${method} ${path}`);
  assert.ok(doc.paths["/v1/webhooks"].post.requestBody.content["application/json"].example);
  assert.ok(doc.paths["/v1/webhooks"].post.responses["201"].content["application/json"].example.secret);
  assert.ok(doc.paths["/v1/webhooks/{id}/deliveries"].get.responses["200"].content["application/json"].example);
  assert.ok(doc.paths["/v1/notifications/settings"].put.requestBody.content["application/json"].example);
  assert.equal(doc.paths["/v1/webhooks/{id}"].patch.requestBody.content["application/json"].example.active, true);
  assert.ok(doc.paths["/v1/webhooks/{id}"].patch.responses["200"].content["application/json"].example);
  for (const id of [
    "Webhook",
    "CreateWebhook",
    "UpdateWebhook",
    "CreatedWebhook",
    "WebhookDelivery",
    "NotificationSettings",
    "NotificationSettingsInput",
  ])
    assert.ok(doc.components.schemas[id], id);
});

test("a plan created and deleted writes plan.changed deliveries and queues their jobs", async () => {
  const { token } = await h.newUser();
  const hook = await h.call("POST", "/v1/webhooks", {
    token,
    body: { url: receiverUrl, eventTypes: ["plan.changed"] },
  });
  const debt = await h.call("POST", "/v1/debts", {
    token,
    body: {
      name: "Card",
      balance: "1000.00",
      currency: "USD",
      apr: "20.00",
      minimumPayment: { kind: "fixed", amount: "50.00" },
    },
  });
  assert.equal(debt.status, 201, debt.text);
  const plan = await h.call("POST", "/v1/plans", {
    token,
    body: { strategy: "avalanche", monthlyBudget: "200.00", startDate: "2026-01-01" },
  });
  assert.equal(plan.status, 201, plan.text);
  assert.equal((await h.call("DELETE", `/v1/plans/${plan.json.id}`, { token })).status, 204);
  const { items } = (await h.call("GET", `/v1/webhooks/${hook.json.id}/deliveries`, { token })).json;
  assert.deepEqual(items.map((d: { eventId: string }) => d.eventId).sort(), [
    `plan.changed:${plan.json.id}:created`,
    `plan.changed:${plan.json.id}:deleted`,
  ]);
  for (const d of items) {
    assert.equal(d.status, "pending", "no worker runs in this test");
    const job = await h.redis.hgetall(`${h.config.redisPrefix}bull:notifications:${d.id}`);
    assert.equal(job.name, "deliver-notification", "the job's id is the delivery's");
  }
});

test("an import that adds rows writes one transactions.created delivery; the same file again adds none", async () => {
  const u = await h.newUser();
  const hook = await h.call("POST", "/v1/webhooks", {
    token: u.token,
    body: { url: receiverUrl, eventTypes: ["transactions.created"] },
  });
  const account = await newAccount(h, u, "USD");
  const first = await upload(h, u, { accountId: account.id, path: "ofx-ofxparse/checking.ofx" });
  assert.equal(first.status, 201, first.text);
  await upload(h, u, { accountId: account.id, path: "ofx-ofxparse/checking.ofx" });
  const { items } = (await h.call("GET", `/v1/webhooks/${hook.json.id}/deliveries`, { token: u.token })).json;
  assert.deepEqual(
    items.map((d: { eventId: string }) => d.eventId),
    [`transactions.created:import:${first.json.importId}`],
  );
});
