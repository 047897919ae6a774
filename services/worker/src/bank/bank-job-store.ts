import { type Db, transactions } from "@fincoach/db";
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
import { NonRetryable } from "@fincoach/jobs";
import { and, inArray, sql } from "drizzle-orm";
import type { AccountBase } from "plaid";
import type { SyncCounts } from "../mailbox/mailbox-job-deps.ts";
import { assertStillCurrent, finishedElsewhere } from "../sync-fence.ts";
import { resolveBankAccounts } from "./bank-accounts.ts";
import { type BankCursor, decodeBankCursor, encodeBankCursor } from "./bank-cursor.ts";
import { type BankDraft, PENDING_TAG } from "./bank-draft.ts";

/** A Plaid connection as the job needs it: the access token (opened), where it stopped. */
export type OpenedBankConnection = {
  accessToken: string;
  name: string;
  status: "active" | "needs_attention" | "disabled";
  cursor: BankCursor;
};

/** One page's changes, ready to apply. */
export type BankPage = {
  /** added and modified, last state per transaction id. */
  drafts: BankDraft[];
  removedIds: string[];
  accounts: AccountBase[];
  /** Entries Plaid sent that FinCoach cannot hold exactly (counted, never rounded). */
  failed: number;
  /** All entries of the page (added + modified + removed). */
  entries: number;
};

/** Rows per INSERT statement (one JSON parameter). */
const CHUNK = 1000;

/** The bank sync's use of PostgreSQL, through the domain's use cases where one exists. */
export const createBankJobStore = (o: { db: Db; keyring: Keyring }) => {
  const { db, keyring } = o;
  const ctx = (userId: string) => ({ db, userId });
  return {
    startJob: async (userId: string, jobId: string): Promise<{ status: string; counts: SyncCounts }> => {
      const job = await startSyncJob({ ctx: ctx(userId), input: { jobId } });
      const { processed, inserted, duplicates, skipped, failed } = job;
      return { status: job.status, counts: { processed, inserted, duplicates, skipped, failed } };
    },

    open: async (userId: string, connectionId: string): Promise<OpenedBankConnection> => {
      const { connection, secret } = await readConnectionSecret({
        ctx: { db, userId, keyring },
        input: { connectionId },
      });
      if (connection.type !== "plaid")
        throw new NonRetryable("wrong-connection-type", `connection ${connection.id} is not a bank feed`);
      return {
        accessToken: secret,
        name: connection.name,
        status: connection.status,
        cursor: decodeBankCursor(connection.syncState.cursor),
      };
    },

    /**
     * Applies one page in ONE database transaction together with the cursor after it and the
     * job's counts: added/modified rows upserted by (account, Plaid transaction id), removed
     * ones deleted. Killed before the commit, the page is fetched again from the previous
     * cursor; after it, the sync goes on from the next: nothing lost, nothing twice. Returns
     * the ids of rows that did not exist before (for categorization).
     */
    commitPage: (input: {
      userId: string;
      jobId: string;
      connectionId: string;
      connectionName: string;
      page: BankPage;
      cursor: BankCursor;
      before: SyncCounts;
      progress: number;
    }): Promise<{ insertedIds: string[]; counts: SyncCounts }> =>
      db.transaction(async (tx) => {
        const { userId, connectionId, page } = input;
        // One page of a connection at a time, even across workers (a stalled job's rerun racing
        // its original): serializes account creation, the accountMap and the cursor.
        await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${connectionId}, 0))`);
        // Another attempt of this job committed since this page was fetched: roll back (sync-fence.ts).
        await assertStillCurrent(tx, userId, input.jobId, input.before);
        const needed = new Map(page.drafts.map((d) => [d.plaidAccountId, d.currency]));
        const { byPlaidId, all } = await resolveBankAccounts(tx, {
          userId,
          connectionId,
          connectionName: input.connectionName,
          needed,
          plaidAccounts: page.accounts,
        });
        const rows = page.drafts.map((d) => ({
          account_id: byPlaidId.get(d.plaidAccountId) as string,
          date: d.date,
          // As text: the exact integer, never through a JSON number.
          amount_minor: d.amountMinor.toString(),
          currency: d.currency,
          description: d.description,
          merchant: d.merchant,
          pending: d.pending,
          external_id: d.externalId,
        }));
        const insertedIds: string[] = [];
        for (let i = 0; i < rows.length; i += CHUNK) {
          // One JSON parameter per chunk instead of nine per row: the statement is planned once
          // and no query builder walks every value (the bank feed's hot path; bench/README.md).
          // Plaid is the source of these rows' amount, date and text: a re-delivered transaction
          // (a restarted pagination, `modified`) updates them in place; the person's category,
          // notes and own tags stay. Unchanged rows are not touched (no dead tuples, no
          // updated_at change). xmax = 0 tells a new row from an updated one.
          const result = await tx.execute<{ id: string; inserted: boolean }>(sql`
            insert into transactions as t
              (user_id, account_id, date, amount_minor, currency, description, merchant, tags, external_id)
            select ${userId}::uuid, r.account_id, r.date, r.amount_minor::bigint, r.currency, r.description,
              r.merchant, case when r.pending then array[${PENDING_TAG}]::text[] else '{}'::text[] end, r.external_id
            from jsonb_to_recordset(${JSON.stringify(rows.slice(i, i + CHUNK))}::jsonb) as r(
              account_id uuid, date date, amount_minor text, currency text, description text, merchant text,
              pending boolean, external_id text)
            on conflict (account_id, external_id) do update set
              date = excluded.date, amount_minor = excluded.amount_minor, currency = excluded.currency,
              description = excluded.description, merchant = excluded.merchant,
              tags = array_remove(t.tags, ${PENDING_TAG}) || excluded.tags, updated_at = now()
            where (t.date, t.amount_minor, t.currency, t.description, t.merchant, ${PENDING_TAG} = any(t.tags))
              is distinct from (excluded.date, excluded.amount_minor, excluded.currency, excluded.description,
              excluded.merchant, ${PENDING_TAG} = any(excluded.tags))
            returning t.id, (t.xmax = 0) as inserted`);
          for (const r of result) if (r.inserted) insertedIds.push(r.id);
        }
        if (page.removedIds.length > 0 && all.length > 0) {
          await tx
            .delete(transactions)
            .where(
              and(
                sql`${transactions.userId} = ${userId}`,
                inArray(transactions.accountId, all),
                inArray(transactions.externalId, page.removedIds),
              ),
            );
        }
        // Every entry counted once: new rows are inserted; entries that matched a row (updated
        // in place or already equal) are duplicates; removals are skipped (nothing new).
        const removed = page.removedIds.length;
        const counts: SyncCounts = {
          processed: input.before.processed + page.entries,
          inserted: input.before.inserted + insertedIds.length,
          duplicates: input.before.duplicates + (page.entries - removed - page.failed - insertedIds.length),
          skipped: input.before.skipped + removed,
          failed: input.before.failed + page.failed,
        };
        const c = { db: tx, userId };
        await saveSyncState({ ctx: c, input: { connectionId, state: { cursor: encodeBankCursor(input.cursor) } } });
        await reportSyncProgress({ ctx: c, input: { jobId: input.jobId, progress: input.progress, counts } });
        return { insertedIds, counts };
      }),

    finishJob: async (userId: string, jobId: string, counts: SyncCounts) => {
      await finishSyncJob({ ctx: ctx(userId), input: { jobId, counts } }).catch((e: unknown) =>
        finishedElsewhere(db, userId, jobId, e),
      );
    },
    failJob: async (userId: string, jobId: string, error: string, counts: SyncCounts) => {
      await failSyncJob({ ctx: ctx(userId), input: { jobId, error, counts } });
    },
    markNeedsAttention: (userId: string, connectionId: string, reason: string) =>
      markConnectionNeedsAttention({ ctx: ctx(userId), input: { connectionId, reason } }),
  };
};
export type BankJobStore = ReturnType<typeof createBankJobStore>;
