import { findAccount } from "../accounts/get-account.ts";
import type { SqlClient } from "../imports/sql-client.ts";
import { validateInput } from "../imports/validate-input.ts";
import type { Ctx } from "../shared/context.ts";
import { CSV_HEADER, toCsvLine } from "./csv-format.ts";
import { type ExportRange, ExportTransactions } from "./export-query.ts";
import { exportRowBatches } from "./export-rows.ts";
import { type OfxAccount, ofxAccounts } from "./ofx-accounts.ts";
import {
  isCard,
  messageSetClose,
  messageSetOpen,
  OFX_CLOSE,
  ofxOpen,
  statementClose,
  statementOpen,
  stmtTrn,
} from "./ofx-format.ts";

/** A file to send: its name, media type and content as text chunks, produced lazily. */
export type ExportFile = { filename: string; contentType: string; chunks: AsyncIterable<string> };

/**
 * Exports the person's transactions as CSV or OFX. Validates (and checks the account is
 * theirs) before returning, so errors still become a problem response; the content is then
 * read through a cursor as the consumer pulls it, so memory stays flat for any size.
 */
export const exportTransactions = async ({
  ctx,
  sql,
  input,
}: {
  ctx: Ctx;
  sql: SqlClient;
  input: unknown;
}): Promise<ExportFile> => {
  const { format, ...range } = validateInput(ExportTransactions, input);
  if (range.accountId) await findAccount(ctx, range.accountId);
  const filename = `fincoach-${range.from ?? "all"}-${range.to ?? "all"}.${format}`;
  return format === "csv"
    ? { filename, contentType: "text/csv; charset=utf-8", chunks: csvChunks(sql, ctx.userId, range) }
    : { filename, contentType: "application/x-ofx", chunks: ofxChunks(sql, ctx.userId, range, new Date()) };
};

async function* csvChunks(sql: SqlClient, userId: string, range: ExportRange): AsyncGenerator<string> {
  yield CSV_HEADER;
  for await (const batch of exportRowBatches(sql, userId, range)) yield batch.map(toCsvLine).join("");
}

/** One statement per account (bank accounts, then cards, each in its OFX message set). */
async function* ofxChunks(sql: SqlClient, userId: string, range: ExportRange, now: Date): AsyncGenerator<string> {
  const accounts = await ofxAccounts(sql, userId, range);
  yield ofxOpen(now);
  let previous: OfxAccount | undefined;
  for (const [i, account] of accounts.entries()) {
    yield messageSetSwitch(previous, account) + statementOpen(account, i + 1, range.from, range.to);
    for await (const batch of exportRowBatches(sql, userId, { ...range, accountId: account.id })) {
      yield batch.map(stmtTrn).join("");
    }
    yield statementClose(account);
    previous = account;
  }
  yield (previous ? messageSetClose(isCard(previous)) : "") + OFX_CLOSE;
}

const messageSetSwitch = (previous: OfxAccount | undefined, next: OfxAccount): string => {
  if (previous && isCard(previous) === isCard(next)) return "";
  return (previous ? messageSetClose(isCard(previous)) : "") + messageSetOpen(isCard(next));
};
