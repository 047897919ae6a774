import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { test } from "node:test";
import { ImapFlow } from "imapflow";
import { dovecotBinary, startDovecot } from "./start-dovecot.ts";

const alice = { username: "alice", password: "correct horse" };
const message = (n: number) =>
  `From: bank@example.com\r\nTo: alice@example.com\r\nSubject: alert ${n}\r\nMessage-ID: <m${n}@example.com>\r\n` +
  `Date: Mon, 2 Nov 2026 10:00:00 +0000\r\n\r\nYou spent EUR ${n}.00\r\n`;

const login = (port: number, auth: { user: string; pass?: string; accessToken?: string }, secure = false) =>
  new ImapFlow({
    host: "127.0.0.1",
    port,
    secure,
    auth,
    logger: false,
    disableAutoIdle: true,
    tls: { rejectUnauthorized: false },
  });

test("without the binary, the error says how to install it", async () => {
  await assert.rejects(dovecotBinary({ DOVECOT_BIN: "/nonexistent/dovecot" }), /apt-get install -y .*dovecot-imapd/);
});

test("serves IMAP with passwd-file users: append, UIDVALIDITY change, bad password refused, cleanup", async () => {
  const dovecot = await startDovecot({ users: [alice] });
  try {
    assert.equal(dovecot.tlsPort, null);
    assert.deepEqual(await dovecot.append(alice, "INBOX", [message(1), message(2)]), [1, 2]);
    assert.deepEqual(await dovecot.append(alice, "Receipts", [message(3)]), [1]);
    const client = await dovecot.client(alice);
    const lock = await client.getMailboxLock("INBOX");
    try {
      const subjects: string[] = [];
      for await (const m of client.fetch("1:*", { envelope: true }, { uid: true }))
        subjects.push(m.envelope?.subject ?? "");
      assert.deepEqual(subjects, ["alert 1", "alert 2"]);
    } finally {
      lock.release();
      await client.logout();
    }
    const before = await dovecot.uidValidity(alice, "Receipts");
    const after = await dovecot.recreateFolder(alice, "Receipts");
    assert.notEqual(after, before);
    assert.equal(await dovecot.uidValidity(alice, "Receipts"), after);
    // The recreated folder is empty and numbers from 1 again.
    assert.deepEqual(await dovecot.append(alice, "Receipts", [message(4)]), [1]);

    const bad = login(dovecot.port, { user: "alice", pass: "wrong" });
    await assert.rejects(
      bad.connect(),
      (e: Error & { authenticationFailed?: boolean }) => e.authenticationFailed === true,
    );

    const bob = { username: "bob", password: "pw" };
    await dovecot.addUser(bob);
    assert.deepEqual(await dovecot.append(bob, "INBOX", [message(5)]), [1]);
  } finally {
    await dovecot.stop();
  }
  assert.equal(existsSync(dovecot.dir), false);
  assert.throws(() => process.kill(dovecot.pid, 0), /ESRCH/);
  await dovecot.stop();
});

test("TLS (STARTTLS and implicit) with a self-signed certificate, and XOAUTH2 through token introspection", async () => {
  const dovecot = await startDovecot({ users: [alice], tls: true, oauth2: true });
  try {
    assert.match(dovecot.certPem ?? "", /BEGIN CERTIFICATE/);
    const token = dovecot.issueToken("alice");
    const implicit = login(dovecot.tlsPort ?? 0, { user: "alice", accessToken: token }, true);
    await implicit.connect();
    assert.equal(implicit.authenticated !== false, true);
    await implicit.logout();
    assert.equal(dovecot.introspectionRequests(), 1);

    const starttls = login(dovecot.port, { user: "alice", pass: alice.password });
    await starttls.connect();
    assert.ok(starttls.secureConnection, "STARTTLS upgraded the plain port");
    await starttls.logout();

    dovecot.revokeToken(token);
    const revoked = login(dovecot.tlsPort ?? 0, { user: "alice", accessToken: token }, true);
    await assert.rejects(
      revoked.connect(),
      (e: Error & { authenticationFailed?: boolean }) => e.authenticationFailed === true,
    );
    // A token issued for bob does not open alice's mailbox.
    const other = login(dovecot.tlsPort ?? 0, { user: "alice", accessToken: dovecot.issueToken("bob") }, true);
    await assert.rejects(
      other.connect(),
      (e: Error & { authenticationFailed?: boolean }) => e.authenticationFailed === true,
    );
  } finally {
    await dovecot.stop();
  }
});
