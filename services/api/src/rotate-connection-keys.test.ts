import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createHmac, randomBytes } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { connections, users, webhookDeliveries, webhooks } from "@fincoach/db";
import { createConnection, parseKeyring, readConnectionSecret } from "@fincoach/domain";
import { attemptDelivery, createWebhook, notifyPerson } from "@fincoach/domain/notifications";
import { createTestDatabase, type TestDatabase } from "@fincoach/testing";
import { eq } from "drizzle-orm";

const root = join(import.meta.dirname, "../../..");
const key = () => randomBytes(32).toString("base64");

/** Runs the command as an operator would, with only the given environment. */
const rotate = (env: Record<string, string>) =>
  new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(
      "sh",
      [join(root, "scripts/node.sh"), join(root, "services/api/src/rotate-connection-keys.ts")],
      {
        env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const deadline = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`still running after 60 s:\n${stderr}`));
    }, 60_000);
    child.once("exit", (code) => {
      clearTimeout(deadline);
      resolve({ code, stdout, stderr });
    });
  });

let database: TestDatabase;
before(async () => {
  database = await createTestDatabase();
});
after(() => database.drop());

/** A receiver on loopback keeping each request's headers and body. */
const startReceiver = async () => {
  const got: { headers: IncomingHttpHeaders; body: string }[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      got.push({ headers: req.headers, body });
      res.end("ok");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { got, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, close: () => server.close() };
};

test("rotation re-seals every credential and webhook secret under the new key, then finds nothing left; they still open", {
  timeout: 120_000,
}, async () => {
  const oldKey = key();
  const newKey = key();
  const [user] = await database.db.insert(users).values({ email: "rot@example.com", passwordHash: "x" }).returning();
  const ctx = { db: database.db, userId: user!.id, keyring: parseKeyring(`old:${oldKey}`) };
  for (let i = 0; i < 5; i++) {
    await createConnection({ ctx, input: { type: "plaid", name: `feed ${i}`, accessToken: `access-${i}` } });
  }
  const receiver = await startReceiver();
  after(receiver.close);
  const open = { allowPrivate: true, allowedCidrs: [] };
  const hooks: Awaited<ReturnType<typeof createWebhook>>[] = [];
  for (let i = 0; i < 3; i++)
    hooks.push(
      await createWebhook({ ctx, input: { url: receiver.url, eventTypes: ["sync.completed"] }, policy: open }),
    );
  const env = { DATABASE_URL: database.url, CONNECTION_KEYS: `new:${newKey},old:${oldKey}`, ROTATE_BATCH_SIZE: "2" };
  const first = await rotate(env);
  assert.deepEqual(
    [first.code, first.stdout, first.stderr],
    [0, 'rotate-connection-keys: 5 credential(s) and 3 webhook secret(s) re-sealed under key "new"\n', ""],
  );
  const again = await rotate(env);
  assert.deepEqual(
    [again.code, again.stdout],
    [0, 'rotate-connection-keys: 0 credential(s) and 0 webhook secret(s) re-sealed under key "new"\n'],
  );
  const rows = await database.db.select().from(connections);
  assert.deepEqual(
    rows.map((r) => r.secretKeyId),
    Array(5).fill("new"),
  );
  const hookRows = await database.db.select().from(webhooks);
  assert.deepEqual(
    hookRows.map((r) => r.secretKeyId),
    Array(3).fill("new"),
  );
  // With the old key dropped, a delivery is still signed with the secret shown at creation,
  // checked here with an HMAC computed apart from the code under test.
  const onlyNew = parseKeyring(`new:${newKey}`);
  const deliveries = await notifyPerson(
    database.db,
    user!.id,
    { type: "sync.completed", eventId: "sync.completed:rot", data: { syncJobId: "rot" } },
    undefined,
  );
  assert.equal(deliveries.length, 3, "one per webhook");
  const deps = {
    db: database.db,
    keyring: onlyNew,
    policy: open,
    maxAttempts: 1,
    retryDelayMs: () => 60_000,
    timeoutMs: 10_000,
    disableAfter: 5,
  };
  for (const d of deliveries) assert.equal((await attemptDelivery(deps, d.id)).outcome, "delivered");
  assert.equal(receiver.got.length, 3);
  for (const request of receiver.got) {
    const [row] = await database.db
      .select({ webhookId: webhookDeliveries.webhookId })
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.id, String(request.headers["fincoach-delivery-id"])));
    const secret = hooks.find((h) => h.id === row?.webhookId)?.secret;
    assert.ok(secret, "the delivery is one of the webhooks'");
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(request.headers["fincoach-signature"])) ?? [];
    assert.equal(v1, createHmac("sha256", secret).update(`${t}.${request.body}`).digest("hex"));
  }
  // The old key can now be dropped: everything opens with the new one alone.
  for (const row of rows) {
    const opened = await readConnectionSecret({
      ctx: { ...ctx, keyring: parseKeyring(`new:${newKey}`) },
      input: { connectionId: row.id },
    });
    assert.match(opened.secret, /^access-\d$/);
  }
});

test("a bad key configuration is one line naming the key, never its material, and a non-zero exit", {
  timeout: 60_000,
}, async () => {
  const short = randomBytes(16).toString("base64");
  const res = await rotate({ DATABASE_URL: database.url, CONNECTION_KEYS: `k1:${key()},k2:${short}` });
  assert.notEqual(res.code, 0);
  assert.equal(
    res.stderr,
    'rotate-connection-keys: invalid environment: CONNECTION_KEYS: key 2 ("k2"): must be 32 bytes in base64 (openssl rand -base64 32)\n',
  );
  assert.ok(!res.stderr.includes(short));
  const missing = await rotate({ DATABASE_URL: database.url });
  assert.notEqual(missing.code, 0);
  assert.match(missing.stderr, /^rotate-connection-keys: invalid environment: CONNECTION_KEYS: [^\n]+\n$/);
});

test("credentials under a key the configuration lacks are left alone and reported, exit non-zero", {
  timeout: 60_000,
}, async () => {
  const lost = await createTestDatabase();
  try {
    const [user] = await lost.db.insert(users).values({ email: "lost@example.com", passwordHash: "x" }).returning();
    const ctx = { db: lost.db, userId: user!.id, keyring: parseKeyring(`gone:${key()}`) };
    const c = await createConnection({ ctx, input: { type: "plaid", name: "feed", accessToken: "access-x" } });
    const w = await createWebhook({
      ctx,
      input: { url: "http://127.0.0.1/hook", eventTypes: ["sync.completed"] },
      policy: { allowPrivate: true, allowedCidrs: [] },
    });
    const res = await rotate({ DATABASE_URL: lost.url, CONNECTION_KEYS: `new:${key()}` });
    assert.notEqual(res.code, 0);
    assert.equal(
      res.stdout,
      'rotate-connection-keys: 0 credential(s) and 0 webhook secret(s) re-sealed under key "new"\n',
    );
    assert.equal(
      res.stderr,
      `rotate-connection-keys: 1 credential(s) and 1 webhook secret(s) could not be opened (sealed with key(s) gone, missing from CONNECTION_KEYS or not theirs); left unchanged: credential ${c.id}, webhook ${w.id}\n`,
    );
  } finally {
    await lost.drop();
  }
});
