import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { freePort, startDovecot, type TestDovecot } from "@fincoach/testing";
import { type FetchOptions, fetchMailbox, type MailboxBatch } from "./fetch-mailbox.ts";
import { AuthenticationFailed, FolderNotFound } from "./mailbox-errors.ts";
import type { MailboxSettings, MailboxSyncState } from "./mailbox-settings.ts";

const alice = { username: "alice", password: "imap-secret" };
let dovecot: TestDovecot;

before(async () => {
  dovecot = await startDovecot({ users: [alice], tls: true, oauth2: true });
});
after(async () => {
  await dovecot?.stop();
});

const mail = (id: string, amount: string) =>
  `From: alerts@bank.example\r\nTo: alice@example.com\r\nSubject: Card purchase ${amount}\r\n` +
  `Message-ID: <${id}@bank.example>\r\nDate: Sun, 1 Nov 2026 09:00:00 +0000\r\n\r\nYou paid EUR ${amount} at SHOP\r\n`;

const settings = (over: Partial<MailboxSettings> = {}): MailboxSettings => ({
  host: dovecot.host,
  port: dovecot.port,
  tls: "starttls",
  username: alice.username,
  password: alice.password,
  folders: ["INBOX", "Alerts"],
  since: "2026-01-01",
  ...over,
});
// The harness's certificate is self-signed: trust exactly it.
const opts = (): FetchOptions => ({ tls: { ca: dovecot.certPem ?? "", servername: "localhost" } });

const collect = async (s: MailboxSettings, state: MailboxSyncState, o: FetchOptions = opts()) => {
  const batches: MailboxBatch[] = [];
  for await (const b of fetchMailbox(s, state, o)) batches.push(b);
  return batches;
};
const ids = (batches: MailboxBatch[]) => batches.flatMap((b) => b.messages.map((m) => m.messageId));

// The tests build on each other: one mailbox, synced first, then incrementally, then after a rebuild.
let state: MailboxSyncState = {};
const inboxNew = Array.from({ length: 250 }, (_, i) => `in-${i}`);

test("first sync: SEARCH SINCE skips older mail, batches of at most 100 in UID order, state after each", async () => {
  await dovecot.append(
    alice,
    "INBOX",
    ["old-1", "old-2", "old-3"].map((id) => mail(id, "1.00")),
    {
      internalDate: new Date("2025-06-01T10:00:00Z"),
    },
  );
  await dovecot.append(
    alice,
    "INBOX",
    inboxNew.map((id, i) => mail(id, `${i}.50`)),
    { internalDate: new Date("2026-11-01T10:00:00Z") },
  );
  await dovecot.append(alice, "Alerts", [mail("al-1", "9.99"), mail("al-2", "19.99")], {
    internalDate: new Date("2026-11-02T10:00:00Z"),
  });
  const inboxValidity = await dovecot.uidValidity(alice, "INBOX");
  const alertsValidity = await dovecot.uidValidity(alice, "Alerts");

  const batches = await collect(settings(), {});
  assert.deepEqual(
    batches.map((b) => [b.folder, b.messages.length]),
    [
      ["INBOX", 100],
      ["INBOX", 100],
      ["INBOX", 50],
      ["Alerts", 2],
    ],
  );
  assert.deepEqual(
    ids(batches),
    [...inboxNew, "al-1", "al-2"].map((id) => `<${id}@bank.example>`),
  );
  // Folder 1 of 2 at 100, 200 and 250 of 250, then folder 2 done.
  assert.deepEqual(
    batches.map((b) => b.progress),
    [20, 40, 50, 100],
  );
  const first = batches[0]?.messages ?? [];
  assert.deepEqual(
    first.map((m) => m.uid),
    Array.from({ length: 100 }, (_, i) => i + 4),
  );
  assert.match(first[7]?.source.toString("utf8") ?? "", /You paid EUR 7\.50 at SHOP/);
  // The state a batch carries covers exactly that batch: a crash after it re-fetches the next.
  assert.deepEqual(batches[0]?.state, { INBOX: { uidValidity: inboxValidity, lastUid: 103 } });
  assert.deepEqual(batches[2]?.state, { INBOX: { uidValidity: inboxValidity, lastUid: 253 } });
  assert.deepEqual(batches[3]?.state, {
    INBOX: { uidValidity: inboxValidity, lastUid: 253 },
    Alerts: { uidValidity: alertsValidity, lastUid: 2 },
  });
  state = batches.at(-1)?.state ?? {};
});

test("incremental sync fetches only mail above the stored UID; nothing new yields nothing", async () => {
  assert.deepEqual(await collect(settings(), state), []);
  await dovecot.append(alice, "INBOX", [mail("in-new-1", "3.00"), mail("in-new-2", "4.00")]);
  // Even mail dated before `since` is new mail once the first sync is done: it just arrived.
  await dovecot.append(alice, "Alerts", [mail("al-3", "5.00")], { internalDate: new Date("2026-11-05T00:00:00Z") });
  const batches = await collect(settings(), state);
  assert.deepEqual(ids(batches), ["<in-new-1@bank.example>", "<in-new-2@bank.example>", "<al-3@bank.example>"]);
  assert.deepEqual(
    batches.map((b) => b.messages.map((m) => m.uid)),
    [[254, 255], [3]],
  );
  state = batches.at(-1)?.state ?? {};
  assert.equal(state.INBOX?.lastUid, 255);
  assert.equal(state.Alerts?.lastUid, 3);
  assert.deepEqual(await collect(settings(), state), []);
});

test("a UIDVALIDITY change rescans that folder only, with the same Message-IDs", async () => {
  const oldValidity = state.Alerts?.uidValidity;
  const newValidity = await dovecot.recreateFolder(alice, "Alerts");
  assert.notEqual(newValidity, oldValidity);
  // The rebuilt folder holds the same mail under new UIDs (1, 2).
  await dovecot.append(alice, "Alerts", [mail("al-1", "9.99"), mail("al-3", "5.00")], {
    internalDate: new Date("2026-11-02T10:00:00Z"),
  });
  const batches = await collect(settings(), state);
  assert.deepEqual(
    batches.map((b) => b.folder),
    ["Alerts"],
  );
  assert.deepEqual(ids(batches), ["<al-1@bank.example>", "<al-3@bank.example>"]);
  assert.deepEqual(batches[0]?.state.Alerts, { uidValidity: newValidity, lastUid: 2 });
  assert.deepEqual(batches[0]?.state.INBOX, state.INBOX);
  state = batches[0]?.state ?? {};
});

test("full mode rescans from `since` whatever the state; a message without Message-ID gets its content hash", async () => {
  await dovecot.append(alice, "Alerts", ["From: x@bank.example\r\nSubject: no id\r\n\r\nEUR 1.00\r\n"]);
  const batches = await collect(settings({ folders: ["Alerts"] }), state, { ...opts(), mode: "full" });
  const got = ids(batches);
  assert.equal(got.length, 3);
  assert.match(got[2] ?? "", /^sha256:[0-9a-f]{64}$/);
  const again = await collect(settings({ folders: ["Alerts"] }), {}, opts());
  assert.deepEqual(ids(again), got);
});

test("a missing folder is FolderNotFound; an unreachable server is a plain (retryable) error", async () => {
  await assert.rejects(collect(settings({ folders: ["Nope"] }), {}), FolderNotFound);
  const closed = await freePort();
  await assert.rejects(collect(settings({ port: closed }), {}), (e: Error & { code?: string }) => {
    assert.ok(!(e instanceof AuthenticationFailed));
    assert.equal(e.code, "ECONNREFUSED");
    return true;
  });
});

// Last: failed logins make Dovecot delay the next ones from this address (auth penalty).
test("XOAUTH2 with a valid token over implicit TLS; refused credentials are AuthenticationFailed", async () => {
  const token = dovecot.issueToken(alice.username);
  const viaToken = await collect(
    settings({
      port: dovecot.tlsPort ?? 0,
      tls: "implicit",
      password: undefined,
      accessToken: token,
      folders: ["INBOX"],
    }),
    {},
    opts(),
  );
  assert.equal(ids(viaToken).length, 252);

  await assert.rejects(collect(settings({ password: "wrong" }), state), AuthenticationFailed);
  dovecot.revokeToken(token);
  await assert.rejects(
    collect(settings({ port: dovecot.tlsPort ?? 0, tls: "implicit", password: undefined, accessToken: token }), state),
    AuthenticationFailed,
  );
});
