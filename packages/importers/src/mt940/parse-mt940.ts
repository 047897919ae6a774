import { cleanText, currencyCode, NO_DESCRIPTION } from "../clean-text.ts";
import { decodeText } from "../decode-text.ts";
import { type Draft, draft } from "../draft.ts";
import { finishStatement } from "../finish-statement.ts";
import { fail, IssueList } from "../issues.ts";
import { parsePlainAmount } from "../parse-plain-amount.ts";
import { selectStatement } from "../select-statement.ts";
import type { ParsedStatement, ParseOptions } from "../types.ts";
import { parseStatementLine } from "./parse-statement-line.ts";
import { readDetails } from "./read-details.ts";
import { splitFields } from "./split-fields.ts";
import { type Mt940Message, type Pending, splitMessages } from "./split-messages.ts";

/**
 * Parses MT940 statements and MT942 interim reports. Messages of one account (`:25:`, and
 * currency) are one statement, e.g. a month of daily statements; of several accounts, one is
 * imported (see `selectStatement`). Each `:61:` is a record. The currency comes from the
 * opening balance (:60F:/:60M:), else :34F: or a code ending :25:, else the account's.
 * External ids: `mt940:<bank reference>` from :61: (NONREF skipped). Dates need no range check:
 * two-digit years read as 1970–2069.
 */
export const parseMt940 = (content: string | Uint8Array, options: ParseOptions): ParsedStatement => {
  const fields = splitFields(decodeText(content));
  if (fields.length === 0) fail("file", "no MT940 fields (:20:, :25:, :60F:, :61:, :86:…): not an MT940 file");
  const { selected, statements } = selectStatement(
    splitMessages(fields).map((m) => ({
      accountNumber: m.account,
      currency: m.currency ? currencyCode(m.currency.raw) : undefined,
      records: m.lines.length,
      value: m,
    })),
    options,
  );
  const issues = new IssueList();
  const drafts: Draft[] = [];
  for (const line of selected.values.flatMap((m: Mt940Message) => m.lines)) {
    if (issues.full) break;
    const d = readTransaction(line, options.currency, issues);
    if (d) drafts.push(d);
  }
  issues.throwIfAny("invalid MT940 file");
  return finishStatement("mt940", drafts, {
    currency: selected.summary.currency,
    accountId: selected.summary.accountNumber,
    seen: selected.summary.records,
    statements,
  });
};

const readTransaction = (p: Pending, fallback: string, issues: IssueList): Draft | undefined => {
  const where = `line ${p.field.line} / :61:`;
  const line = parseStatementLine(p.field.value);
  if (typeof line === "string") return void issues.add(where, line);
  const currency = p.currency ? currencyCode(p.currency.raw) : fallback;
  if (!currency) {
    const from = `:${p.currency?.tag}: on line ${p.currency?.line}`;
    return void issues.add(
      where,
      `the statement currency "${p.currency?.raw}" (${from}) is not a current ISO 4217 code`,
    );
  }
  const amount = parsePlainAmount(line.amount, currency);
  if (typeof amount === "string") return void issues.add(where, amount);
  const details = readDetails(p.details.join("\n"));
  const customerRef = /^NONREF$/i.test(line.customerRef) ? undefined : line.customerRef;
  return draft({
    date: line.date,
    amount: { minor: BigInt(line.sign) * amount.minor, currency },
    description: details.description ?? cleanText(line.supplementary) ?? cleanText(customerRef) ?? NO_DESCRIPTION,
    merchant: details.merchant,
    notes: details.notes,
    nativeId: /^NONREF$/i.test(line.bankRef) ? undefined : line.bankRef,
  });
};
