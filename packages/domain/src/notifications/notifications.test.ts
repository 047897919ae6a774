import assert from "node:assert/strict";
import { createHmac, randomBytes } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { users, webhookDeliveries, webhooks } from "@fincoach/db";
import { isAppError } from "@fincoach/errors";
import { createTestDatabase, type TestDatabase } from "@fincoach/testing";
import { eq } from "drizzle-orm";
import { raiseAlerts } from "../alerts/raise-alerts.ts";
import { parseKeyring } from "../shared/secret-box.ts";
import { alertNotificationSink } from "./alert-notification-sink.ts";
import { attemptDelivery, type DeliveryDeps } from "./attempt-delivery.ts";
import { createWebhook } from "./create-webhook.ts";
import { deleteWebhook } from "./delete-webhook.ts";
import { fanOutNotification } from "./fan-out-notification.ts";
import { getWebhook } from "./get-webhook.ts";
import { listWebhookDeliveries } from "./list-webhook-deliveries.ts";
import { listWebhooks } from "./list-webhooks.ts";
import { createSmtpMailer } from "./mailer.ts";
import {
  refusedAddressReason,
  WebhookNetworkEnv,
  type WebhookNetworkPolicy,
  webhookNetworkPolicy,
} from "./network-policy.ts";
import { getNotificationSettings, putNotificationSettings } from "./notification-settings.ts";
import { notifyPerson } from "./notify-person.ts";
import { resolveWebhookTarget } from "./resolve-webhook-target.ts";
import { startAiosmtpd } from "./test-support/aiosmtpd-server.ts";
import { type Received, startReceiver } from "./test-support/webhook-receiver.ts";

const STRICT: WebhookNetworkPolicy = { allowPrivate: false, allowedCidrs: [] };
const OPEN: WebhookNetworkPolicy = { allowPrivate: true, allowedCidrs: [] };

const rejectsWith = (p: Promise<unknown>, code: string, text?: RegExp) =>
  assert.rejects(p, (e) => {
    assert.ok(isAppError(e), String(e));
    assert.equal(e.code, code, e.message);
    if (text) assert.match(e.message, text);
    return true;
  });

/** The receiver's check, written here from the documented scheme, not with the code under test. */
const verifies = (r: Received, secret: string) => {
  const header = String(r.headers["fincoach-signature"]);
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  assert.ok(m, header);
  const expected = createHmac("sha256", secret).update(`${m[1]}.${r.body}`).digest("hex");
  return expected === m[2];
};

describe("SSRF guard", () => {
  const refused = [
    "127.0.0.1",
    "127.1.2.3",
    "10.1.2.3",
    "172.16.0.1",
    "192.168.1.1",
    "169.254.169.254",
    "100.100.100.200",
    "0.0.0.0",
    "::1",
    "::",
    "::ffff:127.0.0.1",
    "::ffff:10.0.0.1",
    "fe80::1",
    "fd00:ec2::254",
    "fc00::1",
    "224.0.0.1",
    "2002:7f00:1::1",
  ];
  for (const address of refused)
    test(`refuses ${address}`, () => assert.ok(refusedAddressReason(address, STRICT), address));

  test("allows public unicast, and everything when configured", () => {
    assert.equal(refusedAddressReason("93.184.216.34", STRICT), null);
    assert.equal(refusedAddressReason("2606:2800:220:1:248:1893:25c8:1946", STRICT), null);
    assert.equal(refusedAddressReason("127.0.0.1", OPEN), null);
  });

  test("an allow-list opens only its ranges", () => {
    const policy = webhookNetworkPolicy(WebhookNetworkEnv.parse({ WEBHOOK_ALLOWED_CIDRS: "10.1.0.0/16, fd12::/16" }));
    assert.equal(refusedAddressReason("10.1.2.3", policy), null);
    assert.equal(refusedAddressReason("fd12::5", policy), null);
    assert.ok(refusedAddressReason("10.2.0.1", policy));
    assert.ok(refusedAddressReason("127.0.0.1", policy));
    assert.throws(() => WebhookNetworkEnv.parse({ WEBHOOK_ALLOWED_CIDRS: "10.1.0.0" }));
  });

  for (const url of [
    "http://127.0.0.1/hook",
    "http://10.0.0.5:8080/",
    "http://169.254.169.254/latest/meta-data/",
    "http://[::1]:8080/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:7f00:1]/",
    "http://localhost:9/hook",
    "http://2130706433/",
  ])
    test(`resolving ${url} is refused`, () => rejectsWith(resolveWebhookTarget(url, STRICT), "VALIDATION", /refused/));

  test("only http(s) URLs without credentials", async () => {
    await rejectsWith(resolveWebhookTarget("ftp://example.com/", STRICT), "VALIDATION");
    await rejectsWith(resolveWebhookTarget("http://a:b@example.com/", STRICT), "VALIDATION");
    await rejectsWith(resolveWebhookTarget("not a url", STRICT), "VALIDATION");
  });

  test("a public literal passes and is pinned", async () => {
    const t = await resolveWebhookTarget("https://93.184.216.34/x", STRICT);
    assert.deepEqual([t.address, t.family], ["93.184.216.34", 4]);
  });
});

describe("webhooks and deliveries", () => {
  let database: TestDatabase;
  const keyring = parseKeyring(`k1:${randomBytes(32).toString("base64")}`);
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  before(async () => {
    database = await createTestDatabase();
    receiver = await startReceiver();
  });
  after(async () => {
    await receiver.close();
    await database.drop();
  });

  const person = async () => {
    const [u] = await database.db
      .insert(users)
      .values({ email: `u${randomBytes(4).toString("hex")}@example.com`, passwordHash: "x" })
      .returning();
    return { db: database.db, userId: u!.id, keyring, email: u!.email };
  };
  const deps = (over: Partial<DeliveryDeps> = {}): DeliveryDeps => ({
    db: database.db,
    keyring,
    policy: OPEN,
    maxAttempts: 5,
    retryDelayMs: () => 0,
    timeoutMs: 5_000,
    disableAfter: 3,
    ...over,
  });
  /** Runs attempts as the queue would, until the delivery stops asking for another. */
  const drive = async (d: DeliveryDeps, id: string) => {
    for (let i = 0; i < 20; i++) {
      const r = await attemptDelivery(d, id);
      if (r.outcome !== "retry" && r.outcome !== "wait") return r.outcome;
    }
    throw new Error("never finished");
  };

  test("create refuses a loopback URL and stores nothing; the secret is shown once", async () => {
    const ctx = await person();
    await rejectsWith(
      createWebhook({ ctx, input: { url: "http://localhost:1/x", eventTypes: ["alert.raised"] }, policy: STRICT }),
      "VALIDATION",
      /loopback/,
    );
    assert.deepEqual(await listWebhooks({ ctx }), []);
    const created = await createWebhook({
      ctx,
      input: { url: receiver.url, eventTypes: ["alert.raised"], description: "mine" },
      policy: OPEN,
    });
    assert.match(created.secret, /^whsec_[A-Za-z0-9_-]{43}$/);
    const listed = await listWebhooks({ ctx });
    assert.equal(listed.length, 1);
    assert.ok(!("secret" in listed[0]!));
    assert.ok(!JSON.stringify(await getWebhook({ ctx, input: { id: created.id } })).includes(created.secret));
    const [row] = await database.db.select().from(webhooks).where(eq(webhooks.id, created.id));
    assert.ok(!JSON.stringify(row).includes(created.secret.slice(6)), "stored sealed, not in the clear");
  });

  test("another person's webhook is 404, for get, deliveries and delete", async () => {
    const owner = await person();
    const other = await person();
    const w = await createWebhook({
      ctx: owner,
      input: { url: receiver.url, eventTypes: ["sync.completed"] },
      policy: OPEN,
    });
    await rejectsWith(getWebhook({ ctx: other, input: { id: w.id } }), "NOT_FOUND");
    await rejectsWith(listWebhookDeliveries({ ctx: other, input: { id: w.id } }), "NOT_FOUND");
    await rejectsWith(deleteWebhook({ ctx: other, input: { id: w.id } }), "NOT_FOUND");
    assert.equal((await listWebhooks({ ctx: other })).length, 0);
    await getWebhook({ ctx: owner, input: { id: w.id } });
  });

  test("fan-out: subscribed active webhooks only, once per event id", async () => {
    const ctx = await person();
    const a = await createWebhook({ ctx, input: { url: receiver.url, eventTypes: ["sync.completed"] }, policy: OPEN });
    await createWebhook({ ctx, input: { url: receiver.url, eventTypes: ["plan.changed"] }, policy: OPEN });
    const event = { type: "sync.completed" as const, eventId: "sync.completed:job-1", data: { syncJobId: "job-1" } };
    const first = await fanOutNotification(database.db, ctx.userId, event);
    assert.equal(first.length, 1);
    assert.deepEqual(await fanOutNotification(database.db, ctx.userId, event), []);
    const rows = await database.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.userId, ctx.userId));
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.webhookId, a.id);
  });

  test("a receiver failing 3 times then 200: delivered once, 4 attempts logged, each signed", async () => {
    const ctx = await person();
    const w = await createWebhook({ ctx, input: { url: receiver.url, eventTypes: ["alert.raised"] }, policy: OPEN });
    receiver.setPlan([500, 503, 429]);
    const before = receiver.requests.length;
    const [d] = await fanOutNotification(database.db, ctx.userId, {
      type: "alert.raised",
      eventId: "alert.raised:a1",
      data: { alertId: "a1", kind: "budget_over" },
    });
    assert.equal(await drive(deps({ retryDelayMs: (n) => n * 0 }), d!.id), "delivered");
    const seen = receiver.requests.slice(before);
    assert.deepEqual(
      seen.map((r) => r.status),
      [500, 503, 429, 200],
    );
    for (const r of seen) {
      assert.ok(verifies(r, w.secret), "signature verifies with the secret shown at creation");
      assert.equal(r.headers["fincoach-delivery-id"], d!.id);
      assert.equal(r.headers["fincoach-event-type"], "alert.raised");
      assert.equal(r.body, seen[0]!.body, "the same bytes every attempt");
    }
    assert.deepEqual(JSON.parse(seen[0]!.body).data, { alertId: "a1", kind: "budget_over" });
    assert.equal([...receiver.delivered.keys()].filter((k) => k === d!.id).length, 1);
    const [log] = await listWebhookDeliveries({ ctx, input: { id: w.id } });
    assert.equal(log!.status, "delivered");
    assert.equal(log!.attempts, 4);
    assert.deepEqual(
      log!.log.map((a) => a.statusCode),
      [500, 503, 429, 200],
    );
    assert.deepEqual(
      log!.log.map((a) => a.nextAttemptAt === null),
      [false, false, false, true],
    );
    assert.equal(log!.log[0]!.error, "HTTP 500");
    // A job that runs again after delivery (a duplicate, a sweeper race) sends nothing.
    assert.equal(await attemptDelivery(deps(), d!.id).then((r) => r.outcome), "delivered");
    assert.equal(receiver.requests.length, before + 4);
  });

  test("the delivery log records the next attempt's time from the backoff", async () => {
    const ctx = await person();
    const w = await createWebhook({ ctx, input: { url: receiver.url, eventTypes: ["alert.raised"] }, policy: OPEN });
    receiver.setPlan([500]);
    const [d] = await fanOutNotification(database.db, ctx.userId, { type: "alert.raised", data: { alertId: "x" } });
    const r = await attemptDelivery(deps({ retryDelayMs: () => 3_600_000 }), d!.id);
    assert.equal(r.outcome, "retry");
    const [log] = await listWebhookDeliveries({ ctx, input: { id: w.id } });
    assert.equal(log!.status, "pending");
    assert.equal(log!.nextAttemptAt, log!.log[0]!.nextAttemptAt);
    const wait = Date.parse(log!.nextAttemptAt!) - Date.parse(log!.log[0]!.at);
    assert.equal(wait, 3_600_000);
    // An early job (the sweeper, a duplicate) is told to wait until then, and sends nothing.
    const early = await attemptDelivery(deps(), d!.id);
    assert.equal(early.outcome, "wait");
    receiver.setPlan([]);
  });

  test("delivery re-checks the address: a webhook made under an open policy is refused under a strict one", async () => {
    const ctx = await person();
    const w = await createWebhook({ ctx, input: { url: receiver.url, eventTypes: ["alert.raised"] }, policy: OPEN });
    const before = receiver.requests.length;
    const [d] = await fanOutNotification(database.db, ctx.userId, { type: "alert.raised", data: { alertId: "y" } });
    assert.equal(await drive(deps({ policy: STRICT, maxAttempts: 2 }), d!.id), "failed");
    assert.equal(receiver.requests.length, before, "nothing reached the loopback receiver");
    const [log] = await listWebhookDeliveries({ ctx, input: { id: w.id } });
    assert.match(log!.log[0]!.error!, /loopback/);
  });

  test("a redirect is not followed", async () => {
    const ctx = await person();
    const w = await createWebhook({ ctx, input: { url: receiver.url, eventTypes: ["alert.raised"] }, policy: OPEN });
    receiver.setPlan([302]);
    const [d] = await fanOutNotification(database.db, ctx.userId, { type: "alert.raised", data: { alertId: "z" } });
    await attemptDelivery(deps({ maxAttempts: 1 }), d!.id);
    const [log] = await listWebhookDeliveries({ ctx, input: { id: w.id } });
    assert.deepEqual(
      [log!.status, log!.log[0]!.statusCode, log!.log[0]!.error],
      ["failed", 302, "redirect not followed"],
    );
  });

  test("a webhook failing for good M times in a row is disabled and gets no new deliveries", async () => {
    const ctx = await person();
    const w = await createWebhook({ ctx, input: { url: receiver.url, eventTypes: ["plan.changed"] }, policy: OPEN });
    receiver.setPlan([500, 500, 500]);
    for (let i = 0; i < 3; i++) {
      const [d] = await fanOutNotification(database.db, ctx.userId, {
        type: "plan.changed",
        data: { planId: `p${i}` },
      });
      assert.equal(await drive(deps({ maxAttempts: 1, disableAfter: 3 }), d!.id), "failed");
    }
    const view = await getWebhook({ ctx, input: { id: w.id } });
    assert.equal(view.status, "disabled");
    assert.equal(view.consecutiveFailures, 3);
    assert.match(view.disabledReason!, /3 deliveries/);
    assert.deepEqual(await fanOutNotification(database.db, ctx.userId, { type: "plan.changed", data: {} }), []);
  });

  test("a raised alert reaches the notification channels through the alerts' sink, once per alert", async () => {
    const ctx = await person();
    const w = await createWebhook({ ctx, input: { url: receiver.url, eventTypes: ["alert.raised"] }, policy: OPEN });
    const queued: string[] = [];
    const sink = alertNotificationSink(async (userId, event) => {
      await notifyPerson(database.db, userId, event, async (d) => void queued.push(d.id));
    });
    const candidate = { kind: "large_transaction" as const, causeKey: "large:t1", details: { amount: "900.00" } };
    const [alert] = await raiseAlerts(database.db, ctx.userId, [candidate], { sinks: [sink] });
    await raiseAlerts(database.db, ctx.userId, [candidate], { sinks: [sink] });
    const log = await listWebhookDeliveries({ ctx, input: { id: w.id } });
    assert.deepEqual(
      log.map((d) => [d.eventId, d.eventType]),
      [[`alert.raised:${alert!.id}`, "alert.raised"]],
    );
    assert.deepEqual(queued, [log[0]!.id], "queued with the delivery's id");
    const [row] = await database.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, log[0]!.id));
    assert.deepEqual(JSON.parse(row!.body).data, { alertId: alert!.id, kind: "large_transaction" }, "no amounts");
  });

  test("e-mail: settings, fan-out and delivery through a real SMTP server", async () => {
    const smtp = await startAiosmtpd();
    const mailer = createSmtpMailer(smtp.url, "FinCoach <noreply@fincoach.test>");
    try {
      const ctx = await person();
      assert.deepEqual(await getNotificationSettings({ ctx }), { email: { enabled: false, eventTypes: [] } });
      assert.deepEqual(await fanOutNotification(database.db, ctx.userId, { type: "sync.failed", data: {} }), []);
      await putNotificationSettings({
        ctx,
        input: { email: { enabled: true, eventTypes: ["alert.raised", "sync.failed"] } },
      });
      await rejectsWith(
        putNotificationSettings({ ctx, input: { email: { enabled: true, eventTypes: ["nope" as "alert.raised"] } } }),
        "VALIDATION",
      );
      assert.equal((await getNotificationSettings({ ctx })).email.enabled, true);
      assert.deepEqual(await fanOutNotification(database.db, ctx.userId, { type: "plan.changed", data: {} }), []);
      const [d] = await fanOutNotification(database.db, ctx.userId, {
        type: "sync.failed",
        eventId: "sync.failed:j9",
        data: { syncJobId: "j9", connectionId: null, error: "the bank refused the credentials" },
      });
      assert.equal(await drive(deps({ mailer }), d!.id), "delivered");
      const messages = await smtp.messages();
      assert.equal(messages.length, 1);
      assert.match(messages[0]!, new RegExp(`^To: ${ctx.email}`, "m"));
      assert.match(messages[0]!, /^Subject: FinCoach: a sync failed/m);
      assert.match(messages[0]!, /the bank refused the credentials/);
    } finally {
      mailer.close();
      await smtp.stop();
    }
  });

  test("e-mail waits (retries) while no SMTP server answers", async () => {
    const ctx = await person();
    await putNotificationSettings({ ctx, input: { email: { enabled: true, eventTypes: ["alert.raised"] } } });
    const [d] = await fanOutNotification(database.db, ctx.userId, { type: "alert.raised", data: { alertId: "q" } });
    const dead = createSmtpMailer("smtp://127.0.0.1:9", "x@fincoach.test", 2_000);
    const r = await attemptDelivery(deps({ mailer: dead }), d!.id);
    dead.close();
    assert.equal(r.outcome, "retry");
    const [row] = await database.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, d!.id));
    assert.equal(row!.status, "pending");
    assert.match(row!.attemptLog[0]!.error!, /ECONNREFUSED|connect/i);
  });
});
