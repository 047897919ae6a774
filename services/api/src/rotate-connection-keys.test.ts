import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { connections, users } from "@fincoach/db";
import { createConnection, parseKeyring, readConnectionSecret } from "@fincoach/domain";
import { createTestDatabase, type TestDatabase } from "@fincoach/testing";

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

test("rotation re-seals every credential under the new key, then finds nothing left; the secrets still open", {
  timeout: 120_000,
}, async () => {
  const oldKey = key();
  const newKey = key();
  const [user] = await database.db.insert(users).values({ email: "rot@example.com", passwordHash: "x" }).returning();
  const ctx = { db: database.db, userId: user!.id, keyring: parseKeyring(`old:${oldKey}`) };
  for (let i = 0; i < 5; i++) {
    await createConnection({ ctx, input: { type: "plaid", name: `feed ${i}`, accessToken: `access-${i}` } });
  }
  const env = { DATABASE_URL: database.url, CONNECTION_KEYS: `new:${newKey},old:${oldKey}`, ROTATE_BATCH_SIZE: "2" };
  const first = await rotate(env);
  assert.deepEqual(
    [first.code, first.stdout, first.stderr],
    [0, 'rotate-connection-keys: 5 credential(s) re-sealed under key "new"\n', ""],
  );
  const again = await rotate(env);
  assert.deepEqual(
    [again.code, again.stdout],
    [0, 'rotate-connection-keys: 0 credential(s) re-sealed under key "new"\n'],
  );
  const rows = await database.db.select().from(connections);
  assert.deepEqual(
    rows.map((r) => r.secretKeyId),
    Array(5).fill("new"),
  );
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
    const res = await rotate({ DATABASE_URL: lost.url, CONNECTION_KEYS: `new:${key()}` });
    assert.notEqual(res.code, 0);
    assert.equal(res.stdout, 'rotate-connection-keys: 0 credential(s) re-sealed under key "new"\n');
    assert.equal(
      res.stderr,
      `rotate-connection-keys: 1 credential(s) could not be opened (sealed with key(s) gone, missing from CONNECTION_KEYS or not theirs); left unchanged: ${c.id}\n`,
    );
  } finally {
    await lost.drop();
  }
});
