import { execFile } from "node:child_process";
import { constants } from "node:fs";
import { access, appendFile, chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { connect } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { ImapFlow } from "imapflow";
import { trackForCleanup } from "../control-plane/exit-cleanup.ts";
import { type ManagedProcess, startProcess, stopProcess } from "../control-plane/managed-process.ts";
import { waitHealthy } from "../control-plane/wait-healthy.ts";
import { freePort } from "../free-port.ts";
import { renderDovecotConfig, renderOauth2Config } from "./dovecot-config.ts";
import { startTokenIntrospection, type TokenIntrospection } from "./token-introspection.ts";

export const DOVECOT_INSTALL_HINT =
  "install Debian's package as root: apt-get install -y --no-install-recommends dovecot-imapd " +
  "(the tests run their own Dovecot; the package's system service may stay stopped), or point DOVECOT_BIN at a dovecot binary";

export type DovecotUser = { username: string; password: string };

export type DovecotOptions = {
  users?: readonly DovecotUser[];
  /**
   * Serve TLS with a freshly generated self-signed certificate (needs `openssl`): STARTTLS
   * on `port`, implicit TLS on `tlsPort`. Clients must not verify the chain
   * (`rejectUnauthorized: false`) or must trust `certPem`.
   */
  tls?: boolean;
  /** Accept XOAUTH2 / OAUTHBEARER with tokens from `issueToken` (a local introspection endpoint). */
  oauth2?: boolean;
  startTimeoutMs?: number;
};

export type TestDovecot = {
  host: string;
  /** Plain IMAP (with STARTTLS when started with `tls`). */
  port: number;
  /** Implicit TLS (IMAPS); null without `tls`. */
  tlsPort: number | null;
  /** The self-signed certificate's PEM; null without `tls`. */
  certPem: string | null;
  pid: number;
  dir: string;
  addUser(user: DovecotUser): Promise<void>;
  /** An OAuth2 access token Dovecot accepts for `username` (needs `oauth2`). */
  issueToken(username: string): string;
  revokeToken(token: string): void;
  /** Introspection requests Dovecot made so far (0 without `oauth2`). */
  introspectionRequests(): number;
  /** A logged-in imapflow client for a user (logout when done). */
  client(user: DovecotUser): Promise<ImapFlow>;
  /**
   * Appends RFC 822 messages to `folder` (created if missing), in order; returns their UIDs.
   * `internalDate` sets the IMAP INTERNALDATE, which SEARCH SINCE looks at.
   */
  append(
    user: DovecotUser,
    folder: string,
    messages: readonly (string | Buffer)[],
    options?: { internalDate?: Date },
  ): Promise<number[]>;
  /** The folder's current UIDVALIDITY. */
  uidValidity(user: DovecotUser, folder: string): Promise<number>;
  /**
   * Deletes and re-creates `folder` (empty), which gives it a new UIDVALIDITY, as a server
   * does after a mailbox is rebuilt; returns the new value.
   */
  recreateFolder(user: DovecotUser, folder: string): Promise<number>;
  logTail(lines?: number): string;
  /** Stops Dovecot and the introspection endpoint and removes the temp dir. Safe to call twice. */
  stop(): Promise<void>;
};

const run = promisify(execFile);

const executable = (path: string) =>
  access(path, constants.X_OK).then(
    () => true,
    () => false,
  );

/** `DOVECOT_BIN`, else Debian's /usr/sbin/dovecot; throws saying how to install it. */
export const dovecotBinary = async (env: NodeJS.ProcessEnv = process.env): Promise<string> => {
  const path = env.DOVECOT_BIN ?? "/usr/sbin/dovecot";
  if (await executable(path)) return path;
  throw new Error(`dovecot not found at ${path}; ${DOVECOT_INSTALL_HINT}`);
};

/**
 * Who runs what. As root (CI) mail is stored as `nobody` and the login/internal processes
 * run as the package's `dovenull`/`dovecot` users; as anyone else, Dovecot runs entirely as
 * that user (it supports an unprivileged master).
 */
const identities = () => {
  if (process.getuid?.() === 0)
    return { mailUid: 65534, mailGid: 65534, loginUser: "dovenull", internalUser: "dovecot" };
  const me = userInfo();
  return { mailUid: me.uid, mailGid: me.gid, loginUser: me.username, internalUser: me.username };
};

/** Answers once the IMAP greeting (`* OK`) arrives, i.e. imap-login is serving. */
const greets = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2_000, () => done(false));
    socket.once("error", () => done(false));
    socket.once("data", (data) => done(data.toString("latin1").startsWith("* OK")));
  });

const selfSignedCert = async (dir: string) => {
  const certPath = join(dir, "cert.pem");
  const keyPath = join(dir, "key.pem");
  await run("openssl", [
    "req",
    "-x509",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:prime256v1",
    "-nodes",
    "-days",
    "1",
    "-subj",
    "/CN=localhost",
    "-addext",
    "subjectAltName=DNS:localhost,IP:127.0.0.1",
    "-keyout",
    keyPath,
    "-out",
    certPath,
  ]);
  return { certPath, keyPath };
};

/**
 * Starts Debian's Dovecot (`dovecot -F`) on free ports of 127.0.0.1 with a throwaway
 * configuration, users and maildirs under a temp dir, and waits for the IMAP greeting. The
 * process and the temp dir go on `stop()`, or when the test process exits.
 */
export const startDovecot = async (options: DovecotOptions = {}): Promise<TestDovecot> => {
  const bin = await dovecotBinary();
  const who = identities();
  const dir = await mkdtemp(join(tmpdir(), "fincoach-dovecot-"));
  // The login and mail processes run as other users: they must reach into the temp dir.
  await chmod(dir, 0o755);
  let proc: ManagedProcess | undefined;
  let introspection: TokenIntrospection | undefined;
  const cleanup = trackForCleanup(dir, () => (proc ? [proc] : []));
  const stop = async () => {
    if (proc) await stopProcess(proc, 5_000);
    await introspection?.close();
    cleanup.untrack();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const mailDir = join(dir, "mail");
    await mkdir(mailDir);
    await chown(mailDir, who.mailUid, who.mailGid);
    const passwdPath = join(dir, "passwd");
    const passwdLine = (u: DovecotUser) => {
      if (/[:\n]/.test(u.username) || /\n/.test(u.password)) throw new Error("user names hold no ':' or newline");
      return `${u.username}:{PLAIN}${u.password}::::::\n`;
    };
    await writeFile(passwdPath, (options.users ?? []).map(passwdLine).join(""), { mode: 0o644 });
    const tls = options.tls ? await selfSignedCert(dir) : null;
    if (tls) await chmod(tls.keyPath, 0o600);
    if (options.oauth2) {
      introspection = await startTokenIntrospection();
      await writeFile(join(dir, "oauth2.conf"), renderOauth2Config(introspection.url), { mode: 0o644 });
    }
    const configPath = join(dir, "dovecot.conf");
    // freePort can race with another process taking the port: a few attempts.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const tlsPort = tls ? await freePort() : null;
      await writeFile(
        configPath,
        renderDovecotConfig({
          dir,
          imapPort: port,
          imapsPort: tlsPort,
          tls,
          ...who,
          oauth2IntrospectionUrl: introspection?.url ?? null,
        }),
      );
      proc = startProcess(bin, ["-F", "-c", configPath], join(dir, "dovecot.log"));
      cleanup.update();
      try {
        await waitHealthy("dovecot", proc, () => greets(port), options.startTimeoutMs ?? 20_000);
      } catch (error) {
        if (attempt < 3 && /Address already in use/i.test(proc.logTail())) {
          await stopProcess(proc, 2_000);
          continue;
        }
        throw error;
      }
      const started = proc;
      const certPem = tls ? await readFile(tls.certPath, "utf8") : null;
      const client = async (user: DovecotUser) => {
        const c = new ImapFlow({
          host: "127.0.0.1",
          port,
          secure: false,
          auth: { user: user.username, pass: user.password },
          logger: false,
          disableAutoIdle: true,
          ...(tls ? { tls: { rejectUnauthorized: false } } : {}),
        });
        await c.connect();
        return c;
      };
      const withClient = async <T>(user: DovecotUser, work: (c: ImapFlow) => Promise<T>): Promise<T> => {
        const c = await client(user);
        try {
          return await work(c);
        } finally {
          await c.logout().catch(() => c.close());
        }
      };
      const ensureFolder = async (c: ImapFlow, folder: string) => {
        if (folder.toUpperCase() === "INBOX") return;
        const list = await c.list();
        if (!list.some((m) => m.path === folder)) await c.mailboxCreate(folder);
      };
      const uidValidityOf = async (c: ImapFlow, folder: string) => {
        const status = await c.status(folder, { uidValidity: true });
        if (!status || status.uidValidity === undefined) throw new Error(`no UIDVALIDITY for ${folder}`);
        return Number(status.uidValidity);
      };
      return {
        host: "127.0.0.1",
        port,
        tlsPort,
        certPem,
        pid: started.child.pid ?? 0,
        dir,
        addUser: (user) => appendFile(passwdPath, passwdLine(user)),
        issueToken: (username) => {
          if (!introspection) throw new Error("startDovecot: issueToken needs { oauth2: true }");
          return introspection.issue(username);
        },
        revokeToken: (token) => introspection?.revoke(token),
        introspectionRequests: () => introspection?.requests() ?? 0,
        client,
        append: (user, folder, messages, appendOptions = {}) =>
          withClient(user, async (c) => {
            await ensureFolder(c, folder);
            const uids: number[] = [];
            for (const message of messages) {
              const answer = await c.append(folder, message, [], appendOptions.internalDate);
              if (!answer || answer.uid === undefined) throw new Error(`APPEND to ${folder} returned no UID`);
              uids.push(answer.uid);
            }
            return uids;
          }),
        uidValidity: (user, folder) => withClient(user, (c) => uidValidityOf(c, folder)),
        recreateFolder: (user, folder) =>
          withClient(user, async (c) => {
            if (folder.toUpperCase() === "INBOX") throw new Error("INBOX cannot be deleted; use another folder");
            const before = await uidValidityOf(c, folder).catch(() => null);
            await c.mailboxDelete(folder).catch(() => undefined);
            await c.mailboxCreate(folder);
            const after = await uidValidityOf(c, folder);
            if (after === before) throw new Error(`UIDVALIDITY of ${folder} did not change (${after})`);
            return after;
          }),
        logTail: (lines) => started.logTail(lines),
        stop,
      };
    }
  } catch (error) {
    await stop();
    throw error;
  }
};
