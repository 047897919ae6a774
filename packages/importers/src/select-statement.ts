import { fail } from "./issues.ts";
import type { ParseOptions, StatementSummary } from "./types.ts";

/** One statement block as a parser finds it: an OFX `STMTRS`, a CAMT `<Stmt>`, an MT940 message. */
export type StatementBlock<T> = {
  /** The account number / IBAN as the file writes it. */
  accountNumber?: string | undefined;
  kind?: string | undefined;
  currency?: string | undefined;
  /** Records (transactions) the block holds, deliberately skipped ones included. */
  records: number;
  value: T;
};

/** The blocks of one account, merged: what gets imported. */
export type SelectedStatement<T> = { summary: StatementSummary; values: T[] };

/** Spaces, dashes and dots are how people and banks format account numbers; case never matters. */
export const normaliseAccountNumber = (raw: string): string => raw.replace(/[\s.-]+/g, "").toUpperCase();

// Stored numbers are often just the last digits a card or bank app shows ("…4417").
const MIN_SUFFIX = 4;

/**
 * Groups a file's statement blocks by account (blocks of the same kind, account number and
 * currency are one statement: daily MT940 messages, several CAMT `<Stmt>` of one IBAN, several
 * OFX `BANKTRANLIST`s) and picks the one to import:
 * - `options.statement` (an account number as written, or a 1-based index) when given; matching
 *   nothing, or more than one, is a VALIDATION error listing the statements;
 * - else the only one;
 * - else the one whose number is `options.accountNumber` (or ends with it);
 * - else a VALIDATION error (path `statement`) listing them and saying how to choose.
 * Returns the chosen statement and a summary of every statement found, in file order.
 */
export const selectStatement = <T>(
  blocks: readonly StatementBlock<T>[],
  options: Pick<ParseOptions, "statement" | "accountNumber">,
): { selected: SelectedStatement<T>; statements: StatementSummary[] } => {
  const groups = groupByAccount(blocks);
  const statements = groups.map((g) => g.summary);
  const wanted = options.statement?.trim();
  if (wanted) return { selected: byChoice(groups, wanted), statements };
  if (groups.length === 1) return { selected: groups[0] as SelectedStatement<T>, statements };
  const byNumber = options.accountNumber?.trim() ? byAccountNumber(groups, options.accountNumber) : undefined;
  if (byNumber) return { selected: byNumber, statements };
  return fail(
    "statement",
    `this file holds ${groups.length} statements of different accounts: ${listing(statements)}. Choose one with the ` +
      '"statement" form field of POST /v1/imports: its account number, or its number in this list',
  );
};

const groupByAccount = <T>(blocks: readonly StatementBlock<T>[]): SelectedStatement<T>[] => {
  const groups = new Map<string, SelectedStatement<T>>();
  for (const b of blocks) {
    const key = `${b.kind ?? ""}\u001f${normaliseAccountNumber(b.accountNumber ?? "")}\u001f${b.currency ?? ""}`;
    const group = groups.get(key);
    if (group) {
      group.values.push(b.value);
      group.summary.records += b.records;
      continue;
    }
    const summary: StatementSummary = { index: groups.size + 1, records: b.records };
    if (b.accountNumber) summary.accountNumber = b.accountNumber;
    if (b.kind) summary.kind = b.kind;
    if (b.currency) summary.currency = b.currency;
    groups.set(key, { summary, values: [b.value] });
  }
  return [...groups.values()];
};

const byChoice = <T>(groups: SelectedStatement<T>[], wanted: string): SelectedStatement<T> => {
  const key = normaliseAccountNumber(wanted);
  const matches = groups.filter((g) => normaliseAccountNumber(g.summary.accountNumber ?? "") === key);
  if (matches.length === 1) return matches[0] as SelectedStatement<T>;
  const statements = groups.map((g) => g.summary);
  if (matches.length > 1) {
    fail(
      "statement",
      `"${wanted}" names ${matches.length} statements (${listing(matches.map((g) => g.summary))}): give its number in this list instead`,
    );
  }
  const index = /^\d+$/.test(wanted) ? Number(wanted) : 0;
  const byIndex = groups[index - 1];
  if (byIndex) return byIndex;
  return fail(
    "statement",
    `"${wanted}" is neither an account number nor a number in this file's list of statements: ${listing(statements)}`,
  );
};

/** Exactly one statement with that number, else one whose number ends with it; undefined when not unique. */
const byAccountNumber = <T>(
  groups: SelectedStatement<T>[],
  stored: string | undefined,
): SelectedStatement<T> | undefined => {
  const key = normaliseAccountNumber(stored ?? "");
  const numberOf = (g: SelectedStatement<T>) => normaliseAccountNumber(g.summary.accountNumber ?? "");
  const exact = groups.filter((g) => numberOf(g) === key);
  if (exact.length > 0) return exact.length === 1 ? exact[0] : undefined;
  if (key.length < MIN_SUFFIX) return undefined;
  const suffix = groups.filter((g) => numberOf(g).endsWith(key));
  return suffix.length === 1 ? suffix[0] : undefined;
};

/** "1. bank account 000123456789, USD, 3 records; 2. …" */
export const listing = (statements: readonly StatementSummary[]): string =>
  statements
    .map((s) => {
      const account = s.accountNumber ? `account ${s.accountNumber}` : "no account number";
      const what = [
        s.kind ? `${s.kind} ${account}` : account,
        s.currency,
        `${s.records} record${s.records === 1 ? "" : "s"}`,
      ];
      return `${s.index}. ${what.filter(Boolean).join(", ")}`;
    })
    .join("; ");
