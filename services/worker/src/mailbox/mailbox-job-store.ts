import { accounts, type Db, type Tx, transactions } from "@fincoach/db";
import {
  failSyncJob,
  finishSyncJob,
  type Keyring,
  markConnectionNeedsAttention,
  readConnectionSecret,
  reportSyncProgress,
  saveSyncState,
  startSyncJob,
} from "@fincoach/domain";
import { parseTransactionEmail } from "@fincoach/importers";
import { NonRetryable } from "@fincoach/jobs";
import { and, eq, sql } from "drizzle-orm";
import { assertStillCurrent, finishedElsewhere } from "../sync-fence.ts";
import { type FetchOptions, fetchMailbox } from "./fetch-mailbox.ts";
import type { MailboxJobDeps, MailDraft, OpenedMailbox } from "./mailbox-job-deps.ts";
import { MailboxSettings, type MailboxSyncState } from "./mailbox-settings.ts";
import { addBatch } from "./sync-counts.ts";

export type MailboxStoreOptions = {
  db: Db;
  keyring: Keyring;
  /** Extra fetch options for every job (a test's CA). */
  fetchOptions?: FetchOptions;
  categorize?: MailboxJobDeps["categorize"];
};

/** The domain keeps UIDVALIDITY as a string (no reader may round it); the fetcher as a number. */
const toDomainState = (state: MailboxSyncState) => ({
  folders: Object.fromEntries(
    Object.entries(state).map(([folder, s]) => [folder, { uidValidity: String(s.uidValidity), lastUid: s.lastUid }]),
  ),
});
const fromDomainState = (state: { folders?: Record<string, { uidValidity: string; lastUid: number }> }) =>
  Object.fromEntries(
    Object.entries(state.folders ?? {}).map(([folder, s]) => [
      folder,
      { uidValidity: Number(s.uidValidity), lastUid: s.lastUid },
    ]),
  ) as MailboxSyncState;

/**
 * Without a chosen account, a connection's transactions land in one account per card/account
 * hint and currency, named after the connection (made on first use). Callers hold the
 * connection's advisory lock, so two batches cannot both create the same account.
 */
const accountFor = async (
  tx: Tx,
  userId: string,
  mailbox: OpenedMailbox,
  draft: MailDraft,
  cache: Map<string, string>,
): Promise<string> => {
  if (mailbox.accountId) return mailbox.accountId;
  const name = `${mailbox.name} ${draft.accountHint ? `••${draft.accountHint}` : "(mail)"} ${draft.currency}`;
  const known = cache.get(name);
  if (known) return known;
  const [found] = await tx
    .select({ id: accounts.id })
    .from(accounts)
    .where(and(eq(accounts.userId, userId), eq(accounts.name, name), eq(accounts.currency, draft.currency)))
    .limit(1);
  const id =
    found?.id ??
    (
      await tx
        .insert(accounts)
        .values({
          userId,
          name,
          type: draft.accountHint ? "credit_card" : "checking",
          currency: draft.currency,
        })
        .returning({ id: accounts.id })
    )[0]?.id;
  if (!id) throw new Error("account insert returned nothing");
  cache.set(name, id);
  return id;
};

/** The mailbox processor's dependencies on PostgreSQL (through the domain's use cases), IMAP and the parser. */
export const createMailboxJobDeps = (options: MailboxStoreOptions): MailboxJobDeps => {
  const { db, keyring } = options;
  const ctx = (userId: string) => ({ db, userId });
  return {
    startJob: async (userId, jobId) => {
      const job = await startSyncJob({ ctx: ctx(userId), input: { jobId } });
      const { processed, inserted, duplicates, skipped, failed } = job;
      return { status: job.status, counts: { processed, inserted, duplicates, skipped, failed } };
    },
    openMailbox: async (userId, connectionId) => {
      const { connection, secret } = await readConnectionSecret({
        ctx: { db, userId, keyring },
        input: { connectionId },
      });
      if (connection.type !== "imap" || !("host" in connection.settings))
        throw new NonRetryable("wrong-connection-type", `connection ${connection.id} is not a mailbox`);
      const s = connection.settings;
      const settings = MailboxSettings.parse({
        host: s.host,
        port: s.port,
        tls: s.tls,
        username: s.username,
        folders: s.folders,
        ...(s.since ? { since: s.since } : {}),
        ...(s.auth === "xoauth2" ? { accessToken: secret } : { password: secret }),
      });
      return {
        settings,
        state: fromDomainState(connection.syncState),
        accountId: connection.accountId,
        name: connection.name,
        status: connection.status,
      };
    },
    fetch: (settings, state, fetchOptions) =>
      fetchMailbox(settings, state, { ...options.fetchOptions, ...fetchOptions }),
    parse: (source, receivedAt) => parseTransactionEmail(source, { receivedAt }),
    commitBatch: ({ userId, jobId, connectionId, mailbox, drafts, state, before, batch, progress }) =>
      db.transaction(async (tx) => {
        // One batch of a connection at a time, even across workers (a stalled job's rerun
        // racing its original): serializes account creation and state writes.
        await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${connectionId}, 0))`);
        // Another attempt of this job committed since this batch was fetched: roll back (sync-fence.ts).
        await assertStillCurrent(tx, userId, jobId, before);
        const cache = new Map<string, string>();
        const rows = [];
        for (const d of drafts)
          rows.push({
            userId,
            accountId: await accountFor(tx, userId, mailbox, d, cache),
            date: d.date,
            amountMinor: d.amountMinor,
            currency: d.currency,
            description: d.description,
            merchant: d.merchant,
            externalId: d.externalId,
          });
        const inserted =
          rows.length === 0
            ? []
            : await tx
                .insert(transactions)
                .values(rows)
                .onConflictDoNothing({ target: [transactions.accountId, transactions.externalId] })
                .returning({ id: transactions.id });
        const counts = addBatch(before, { drafts: drafts.length, inserted: inserted.length, ...batch });
        const c = { db: tx, userId };
        await saveSyncState({ ctx: c, input: { connectionId, state: toDomainState(state) } });
        await reportSyncProgress({ ctx: c, input: { jobId, progress, counts } });
        return { insertedIds: inserted.map((r) => r.id), counts };
      }),
    finishJob: async (userId, jobId, counts) => {
      await finishSyncJob({ ctx: ctx(userId), input: { jobId, counts } }).catch((e: unknown) =>
        finishedElsewhere(db, userId, jobId, e),
      );
    },
    failJob: async (userId, jobId, error, counts) => {
      await failSyncJob({ ctx: ctx(userId), input: { jobId, error, counts } });
    },
    markNeedsAttention: (userId, connectionId, reason) =>
      markConnectionNeedsAttention({ ctx: ctx(userId), input: { connectionId, reason } }),
    ...(options.categorize ? { categorize: options.categorize } : {}),
  };
};
