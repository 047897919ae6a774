import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { accounts, connections, users } from "@fincoach/db";
import { isAppError } from "@fincoach/errors";
import { createTestDatabase, type TestDatabase } from "@fincoach/testing";
import { eq } from "drizzle-orm";
import { parseKeyring } from "../shared/secret-box.ts";
import { createConnection } from "./create-connection.ts";
import { deleteConnection } from "./delete-connection.ts";
import { getConnection } from "./get-connection.ts";
import { listConnections } from "./list-connections.ts";
import { markConnectionNeedsAttention } from "./mark-connection-needs-attention.ts";
import { readConnectionSecret } from "./read-connection-secret.ts";
import { rotateConnectionKeys } from "./rotate-connection-keys.ts";
import { saveSyncState } from "./save-sync-state.ts";
import { updateConnection } from "./update-connection.ts";

const key = () => randomBytes(32).toString("base64");
const PASSWORD = "correct-horse-battery-staple-7f3a";

const rejectsWith = async (p: Promise<unknown>, code: string, field?: string) =>
  assert.rejects(p, (e) => {
    assert.ok(isAppError(e), String(e));
    assert.equal(e.code, code, e.message);
    if (field)
      assert.ok(
        e.issues.some((i) => i.path === field),
        JSON.stringify(e.issues),
      );
    return true;
  });

describe("connections", () => {
  let database: TestDatabase;
  const keyring = parseKeyring(`k1:${key()}`);
  before(async () => {
    database = await createTestDatabase();
  });
  after(() => database.drop());

  const person = async () => {
    const [user] = await database.db
      .insert(users)
      .values({ email: `u${Math.random().toString(36).slice(2)}@example.com`, passwordHash: "x" })
      .returning();
    const [account] = await database.db
      .insert(accounts)
      .values({ userId: user!.id, name: "Card", type: "credit_card", currency: "EUR" })
      .returning();
    return { ctx: { db: database.db, userId: user!.id, keyring }, accountId: account!.id };
  };
  const imap = (extra: Record<string, unknown> = {}) => ({
    type: "imap" as const,
    name: "Alerts",
    host: "imap.example.com",
    port: 993,
    tls: "implicit" as const,
    username: "ada@example.com",
    password: PASSWORD,
    ...extra,
  });

  test("an IMAP connection stores settings in the clear and the password sealed; the view never holds it", async () => {
    const me = await person();
    const view = await createConnection({ ctx: me.ctx, input: imap({ since: "2024-01-01", accountId: me.accountId }) });
    assert.deepEqual(
      { ...view, id: undefined, createdAt: undefined, updatedAt: undefined },
      {
        id: undefined,
        type: "imap",
        name: "Alerts",
        status: "active",
        statusReason: null,
        credential: "password",
        host: "imap.example.com",
        port: 993,
        tls: "implicit",
        username: "ada@example.com",
        folders: ["INBOX"],
        since: "2024-01-01",
        accountId: me.accountId,
        lastSyncedAt: null,
        createdAt: undefined,
        updatedAt: undefined,
      },
    );
    const [row] = await database.db.select().from(connections).where(eq(connections.id, view.id));
    assert.ok(!JSON.stringify(row).includes(PASSWORD), "the row holds the password in the clear");
    assert.equal(row!.secretKeyId, "k1");
    const opened = await readConnectionSecret({ ctx: me.ctx, input: { connectionId: view.id } });
    assert.equal(opened.secret, PASSWORD);
  });

  test("exactly one of password or accessToken; folders unique; a real date; strict fields", async () => {
    const me = await person();
    const { password: _p, ...noCredential } = imap();
    await rejectsWith(createConnection({ ctx: me.ctx, input: noCredential }), "VALIDATION", "password");
    await rejectsWith(
      createConnection({ ctx: me.ctx, input: imap({ accessToken: "t" }) }),
      "VALIDATION",
      "accessToken",
    );
    await rejectsWith(
      createConnection({ ctx: me.ctx, input: imap({ folders: ["INBOX", "INBOX"] }) }),
      "VALIDATION",
      "folders",
    );
    await rejectsWith(createConnection({ ctx: me.ctx, input: imap({ since: "2024-02-30" }) }), "VALIDATION", "since");
    await rejectsWith(createConnection({ ctx: me.ctx, input: imap({ tls: "ssl" }) }), "VALIDATION", "tls");
    await rejectsWith(createConnection({ ctx: me.ctx, input: imap({ secret: "x" }) }), "VALIDATION");
    const xoauth = await createConnection({
      ctx: me.ctx,
      input: { ...noCredential, accessToken: "ya29.token", folders: ["INBOX", "Receipts"] },
    });
    assert.equal(xoauth.credential, "accessToken");
    assert.deepEqual(xoauth.folders, ["INBOX", "Receipts"]);
  });

  test("someone else's account is refused by name, in accountId and in a Plaid accountMap", async () => {
    const me = await person();
    const other = await person();
    await rejectsWith(
      createConnection({ ctx: me.ctx, input: imap({ accountId: other.accountId }) }),
      "NOT_FOUND",
      "accountId",
    );
    await rejectsWith(
      createConnection({
        ctx: me.ctx,
        input: { type: "plaid", name: "Bank", accessToken: "access-sandbox-1", accountMap: { acc1: other.accountId } },
      }),
      "NOT_FOUND",
      "accountMap.acc1",
    );
    const plaid = await createConnection({
      ctx: me.ctx,
      input: { type: "plaid", name: "Bank", accessToken: "access-sandbox-1", accountMap: { acc1: me.accountId } },
    });
    assert.deepEqual(plaid.accountMap, { acc1: me.accountId });
    assert.equal(plaid.host, undefined);
  });

  test("another person's connection is NOT_FOUND for every use case", async () => {
    const me = await person();
    const other = await person();
    const { id } = await createConnection({ ctx: me.ctx, input: imap() });
    await rejectsWith(getConnection({ ctx: other.ctx, input: { id } }), "NOT_FOUND");
    await rejectsWith(updateConnection({ ctx: other.ctx, input: { id, patch: { name: "mine" } } }), "NOT_FOUND");
    await rejectsWith(deleteConnection({ ctx: other.ctx, input: { id } }), "NOT_FOUND");
    await rejectsWith(readConnectionSecret({ ctx: other.ctx, input: { connectionId: id } }), "NOT_FOUND");
    await rejectsWith(
      markConnectionNeedsAttention({ ctx: other.ctx, input: { connectionId: id, reason: "x" } }),
      "NOT_FOUND",
    );
    await rejectsWith(
      saveSyncState({ ctx: other.ctx, input: { connectionId: id, state: { cursor: "c" } } }),
      "NOT_FOUND",
    );
    assert.deepEqual(
      (await listConnections({ ctx: other.ctx })).map((c) => c.id),
      [],
    );
    assert.equal((await getConnection({ ctx: me.ctx, input: { id } })).name, "Alerts");
  });

  test("a sealed credential copied onto another row does not open there", async () => {
    const me = await person();
    const a = await createConnection({ ctx: me.ctx, input: imap() });
    const b = await createConnection({ ctx: me.ctx, input: imap({ password: "other-password" }) });
    const [rowA] = await database.db.select().from(connections).where(eq(connections.id, a.id));
    await database.db
      .update(connections)
      .set({ secretCiphertext: rowA!.secretCiphertext, secretNonce: rowA!.secretNonce })
      .where(eq(connections.id, b.id));
    await assert.rejects(readConnectionSecret({ ctx: me.ctx, input: { connectionId: b.id } }), /does not open/);
  });

  test("PATCH: new credential re-sealed and switches the sign-in; fields of the other type refused; needs_attention cleared by a fix", async () => {
    const me = await person();
    const { id } = await createConnection({ ctx: me.ctx, input: imap() });
    await markConnectionNeedsAttention({ ctx: me.ctx, input: { connectionId: id, reason: "AUTHENTICATIONFAILED" } });
    assert.equal((await getConnection({ ctx: me.ctx, input: { id } })).status, "needs_attention");
    const renamed = await updateConnection({ ctx: me.ctx, input: { id, patch: { name: "Renamed" } } });
    assert.deepEqual([renamed.status, renamed.statusReason], ["needs_attention", "AUTHENTICATIONFAILED"]);
    const fixed = await updateConnection({
      ctx: me.ctx,
      input: { id, patch: { accessToken: "ya29.new", folders: ["Alerts"], since: null } },
    });
    assert.deepEqual([fixed.status, fixed.statusReason, fixed.credential], ["active", null, "accessToken"]);
    assert.deepEqual([fixed.folders, fixed.since, fixed.host], [["Alerts"], null, "imap.example.com"]);
    assert.equal((await readConnectionSecret({ ctx: me.ctx, input: { connectionId: id } })).secret, "ya29.new");
    await rejectsWith(
      updateConnection({ ctx: me.ctx, input: { id, patch: { accountMap: {} } } }),
      "VALIDATION",
      "accountMap",
    );
    await rejectsWith(
      updateConnection({ ctx: me.ctx, input: { id, patch: { password: "a", accessToken: "b" } } }),
      "VALIDATION",
      "password",
    );
    await rejectsWith(
      updateConnection({ ctx: me.ctx, input: { id, patch: { status: "needs_attention" } as never } }),
      "VALIDATION",
      "status",
    );
    const disabled = await updateConnection({ ctx: me.ctx, input: { id, patch: { status: "disabled" } } });
    assert.equal(disabled.status, "disabled");
  });

  test("sync state is saved per folder (UIDVALIDITY as a string) and checked", async () => {
    const me = await person();
    const { id } = await createConnection({ ctx: me.ctx, input: imap() });
    const state = { folders: { INBOX: { uidValidity: "4294967295", lastUid: 1200 } } };
    await saveSyncState({ ctx: me.ctx, input: { connectionId: id, state } });
    const [row] = await database.db.select().from(connections).where(eq(connections.id, id));
    assert.deepEqual(row!.syncState, state);
    await rejectsWith(
      saveSyncState({
        ctx: me.ctx,
        input: { connectionId: id, state: { folders: { INBOX: { uidValidity: "x", lastUid: -1 } } } },
      }),
      "VALIDATION",
    );
  });

  test("deleting removes the connection; a second delete is NOT_FOUND", async () => {
    const me = await person();
    const { id } = await createConnection({ ctx: me.ctx, input: imap() });
    await deleteConnection({ ctx: me.ctx, input: { id } });
    await rejectsWith(getConnection({ ctx: me.ctx, input: { id } }), "NOT_FOUND");
    await rejectsWith(deleteConnection({ ctx: me.ctx, input: { id } }), "NOT_FOUND");
  });

  test("rotation re-seals every row under the current key in batches, is idempotent, and passes unopenable rows", async () => {
    const rotationDb = await createTestDatabase();
    try {
      const oldKey = key();
      const oldRing = parseKeyring(`old:${oldKey}`);
      const [user] = await rotationDb.db
        .insert(users)
        .values({ email: "r@example.com", passwordHash: "x" })
        .returning();
      const ctx = { db: rotationDb.db, userId: user!.id, keyring: oldRing };
      const made = [];
      for (let i = 0; i < 7; i++) made.push(await createConnection({ ctx, input: imap({ password: `pw-${i}` }) }));
      const lost = await createConnection({
        ctx: { ...ctx, keyring: parseKeyring(`gone:${key()}`) },
        input: imap({ password: "lost" }),
      });
      const newRing = parseKeyring(`new:${key()},old:${oldKey}`);
      const first = await rotateConnectionKeys({ db: rotationDb.db, keyring: newRing, batchSize: 3 });
      assert.equal(first.rotated, 7);
      assert.deepEqual(first.unopenable, [{ id: lost.id, keyId: "gone" }]);
      const second = await rotateConnectionKeys({ db: rotationDb.db, keyring: newRing, batchSize: 3 });
      assert.deepEqual(second, { rotated: 0, unopenable: [{ id: lost.id, keyId: "gone" }] });
      const onlyNew = parseKeyring(`new:${newRing.current.key.toString("base64")}`);
      for (const [i, c] of made.entries()) {
        const opened = await readConnectionSecret({ ctx: { ...ctx, keyring: onlyNew }, input: { connectionId: c.id } });
        assert.equal(opened.secret, `pw-${i}`);
        assert.equal(opened.connection.secretKeyId, "new");
      }
    } finally {
      await rotationDb.drop();
    }
  });
});
