import { createHash } from "node:crypto";
import type { ConnectionOptions } from "node:tls";
import { ImapFlow } from "imapflow";
import { AuthenticationFailed, FolderNotFound } from "./mailbox-errors.ts";
import type { MailboxSettings, MailboxSyncState } from "./mailbox-settings.ts";

/** One message as fetched: where it is, and its raw RFC 822 bytes. */
export type RawMessage = {
  folder: string;
  uid: number;
  /**
   * The Message-ID header (`<...>`), which becomes the transaction's external id and so
   * dedupes re-fetches, including a rescan after a UIDVALIDITY change. A message without
   * one gets `sha256:<hex of its bytes>`: just as stable across rescans.
   */
  messageId: string;
  source: Buffer;
  /** When the server received it (INBOX arrival): the parser's date of last resort. */
  internalDate: Date | undefined;
};

/**
 * A batch and the state to store once it is handled: storing `state` in the same database
 * transaction as the batch's rows means a crash re-fetches exactly the unsaved batch.
 */
export type MailboxBatch = {
  folder: string;
  messages: RawMessage[];
  state: MailboxSyncState;
  /** 0-100: folders done plus this folder's fetched share, over all configured folders. */
  progress: number;
};

export type FetchOptions = {
  /** Messages per batch (at most 100 by default: one progress step, one DB transaction). */
  batchSize?: number;
  /** Extra TLS options (a test's self-signed certificate). */
  tls?: ConnectionOptions;
  /** Connect + greeting budget. */
  connectTimeoutMs?: number;
  /** `full`: ignore stored UIDs and rescan every folder from `since`. */
  mode?: "incremental" | "full";
};

const DEFAULT_BATCH = 100;

/** The UIDs to fetch next, ascending, and the highest UID the scan covers. */
type Plan = { uidValidity: number; uids: number[]; coveredUpTo: number };

export const connectMailbox = async (settings: MailboxSettings, options: FetchOptions = {}): Promise<ImapFlow> => {
  const client = new ImapFlow({
    host: settings.host,
    port: settings.port,
    secure: settings.tls === "implicit",
    // starttls: the upgrade is required (a stripped capability must not send the password in
    // clear); none: stays clear even if offered, as configured.
    ...(settings.tls === "implicit" ? {} : { doSTARTTLS: settings.tls === "starttls" }),
    auth: settings.accessToken
      ? { user: settings.username, accessToken: settings.accessToken }
      : { user: settings.username, pass: settings.password ?? "" },
    logger: false,
    disableAutoIdle: true,
    connectionTimeout: options.connectTimeoutMs ?? 30_000,
    greetingTimeout: options.connectTimeoutMs ?? 16_000,
    ...(options.tls ? { tls: options.tls } : {}),
  });
  // ImapFlow emits 'error' on a dropped socket; unhandled it would crash the process. The
  // pending command rejects as well, which is where the job sees the failure.
  client.on("error", () => undefined);
  try {
    await client.connect();
  } catch (error) {
    if ((error as { authenticationFailed?: boolean }).authenticationFailed)
      throw new AuthenticationFailed(`the IMAP server refused the credentials of ${settings.username}`, {
        cause: (error as { serverResponseCode?: string }).serverResponseCode,
      });
    throw error;
  }
  return client;
};

const messageIdOf = (envelopeId: string | undefined, source: Buffer): string => {
  const id = envelopeId?.trim();
  return id ? id : `sha256:${createHash("sha256").update(source).digest("hex")}`;
};

const plan = async (
  client: ImapFlow,
  folder: string,
  stored: MailboxSyncState[string] | undefined,
  since: string | undefined,
  mode: "incremental" | "full",
): Promise<Plan> => {
  const box = client.mailbox;
  if (!box) throw new Error(`mailbox ${folder} not selected`);
  const uidValidity = Number(box.uidValidity);
  const highest = Math.max(0, box.uidNext - 1);
  const sinceDate = since ? new Date(`${since}T00:00:00Z`) : undefined;
  // Same UIDVALIDITY: UIDs still name the same messages, so only higher ones are new. A
  // change (or no state, or a full sync) means the old UIDs mean nothing: rescan.
  const incremental = mode === "incremental" && stored !== undefined && stored.uidValidity === uidValidity;
  const from = incremental ? stored.lastUid + 1 : 1;
  if (from > highest) return { uidValidity, uids: [], coveredUpTo: incremental ? stored.lastUid : highest };
  const found = await client.search({ uid: `${from}:*`, ...(sinceDate ? { since: sinceDate } : {}) }, { uid: true });
  // `N:*` also matches the highest UID when it is below N (RFC 3501), hence the filter.
  const uids = (found || []).filter((u) => u >= from).sort((a, b) => a - b);
  return { uidValidity, uids, coveredUpTo: Math.max(highest, uids.at(-1) ?? 0) };
};

/**
 * Fetches what is new in each configured folder, in batches, each with the sync state to
 * store after it. First sync (no state for the folder): SEARCH SINCE `since`; later:
 * UIDs above the stored last UID; a UIDVALIDITY change: the folder is rescanned (the
 * Message-ID external ids make the re-fetched mail insert nothing). Every folder whose
 * state moves yields at least one batch, possibly empty, so the new state is stored.
 *
 * Throws AuthenticationFailed for refused credentials and FolderNotFound for a missing
 * folder (neither worth a retry); network failures surface as they are (retryable).
 */
export async function* fetchMailbox(
  settings: MailboxSettings,
  state: MailboxSyncState,
  options: FetchOptions = {},
): AsyncGenerator<MailboxBatch> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  const client = await connectMailbox(settings, options);
  let current: MailboxSyncState = { ...state };
  try {
    const folderCount = settings.folders.length;
    const progress = (index: number, done: number, total: number) =>
      Math.min(100, Math.floor(((index + (total === 0 ? 1 : done / total)) / folderCount) * 100));
    for (const [index, folder] of settings.folders.entries()) {
      const lock = await client.getMailboxLock(folder, { readOnly: true }).catch((error: unknown) => {
        const e = error as { serverResponseCode?: string; mailboxMissing?: boolean };
        if (e.mailboxMissing || e.serverResponseCode === "NONEXISTENT") throw new FolderNotFound(folder);
        throw error;
      });
      try {
        const p = await plan(client, folder, current[folder], settings.since, options.mode ?? "incremental");
        if (p.uids.length === 0) {
          const next = { uidValidity: p.uidValidity, lastUid: p.coveredUpTo };
          const before = current[folder];
          if (before?.uidValidity !== next.uidValidity || before.lastUid !== next.lastUid) {
            current = { ...current, [folder]: next };
            yield { folder, messages: [], state: current, progress: progress(index, 0, 0) };
          }
          continue;
        }
        for (let start = 0; start < p.uids.length; start += batchSize) {
          const chunk = p.uids.slice(start, start + batchSize);
          const fetched = await client.fetchAll(
            chunk.join(","),
            { uid: true, source: true, envelope: true, internalDate: true },
            { uid: true },
          );
          // A message the server returns without its body still counts: parsed as empty, it is
          // skipped with a reason rather than passed over (lastUid moves past it either way).
          const messages = fetched
            .map((m) => ({ m, source: m.source ?? Buffer.alloc(0) }))
            .map(({ m, source }) => ({
              folder,
              uid: m.uid,
              messageId: messageIdOf(m.envelope?.messageId, source),
              source,
              internalDate: m.internalDate === undefined ? undefined : new Date(m.internalDate),
            }))
            .sort((a, b) => a.uid - b.uid);
          const last = start + batchSize >= p.uids.length;
          // A message expunged between SEARCH and FETCH is simply gone; the batch still ends at its last UID.
          const lastUid = last ? p.coveredUpTo : (chunk.at(-1) ?? 0);
          current = { ...current, [folder]: { uidValidity: p.uidValidity, lastUid } };
          yield {
            folder,
            messages,
            state: current,
            progress: progress(index, start + chunk.length, p.uids.length),
          };
        }
      } finally {
        lock.release();
      }
    }
  } finally {
    await client.logout().catch(() => client.close());
  }
}
