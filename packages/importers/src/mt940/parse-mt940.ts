import { cleanText, currencyCode, NO_DESCRIPTION } from "../clean-text.ts";
import { decodeText } from "../decode-text.ts";
import { type Draft, draft } from "../draft.ts";
import { finishStatement, single } from "../finish-statement.ts";
import { fail, IssueList } from "../issues.ts";
import { parsePlainAmount } from "../parse-plain-amount.ts";
import type { ParsedStatement, ParseOptions } from "../types.ts";
import { parseStatementLine } from "./parse-statement-line.ts";
import { readDetails } from "./read-details.ts";
import { type Mt940Field, splitFields } from "./split-fields.ts";

type StatementCurrency = { raw: string; line: number; tag: string };
type Pending = { field: Mt940Field; details: string[]; currency: StatementCurrency | undefined };

/**
 * Parses MT940 statements and MT942 interim reports (several messages per file). The currency
 * comes from the opening balance (:60F:/:60M:), else :34F: or a code ending :25:, else the
 * account's. External ids: `mt940:<bank reference>` from :61: (NONREF skipped).
 */
export const parseMt940 = (content: string | Uint8Array, options: ParseOptions): ParsedStatement => {
  const fields = splitFields(decodeText(content));
  if (fields.length === 0) fail("file", "no MT940 fields (:20:, :25:, :60F:, :61:, :86:…): not an MT940 file");
  const issues = new IssueList();
  const { drafts, accounts, currencies } = readFields(fields, options.currency, issues);
  issues.throwIfAny("invalid MT940 file");
  return finishStatement("mt940", drafts, { currency: single(currencies), accountId: single(accounts) });
};

/** Walks the fields in order; a :61: collects the :86: lines that follow it until the next other tag. */
const readFields = (fields: readonly Mt940Field[], fallback: string, issues: IssueList) => {
  const drafts: Draft[] = [];
  const accounts: string[] = [];
  const currencies: (string | undefined)[] = [];
  let currency: StatementCurrency | undefined;
  let pending: Pending | undefined;
  for (const f of [...fields, END]) {
    if (pending && (f.tag === "86" || f.tag === "NS")) {
      if (f.tag === "86") pending.details.push(f.value);
      continue;
    }
    const d = pending && readTransaction(pending, fallback, issues);
    if (d) drafts.push(d);
    pending = undefined;
    switch (f.tag) {
      case "-":
      case "20": // a new message: its own opening balance will say the currency
        currency = undefined;
        break;
      case "25":
        accounts.push(f.value.trim());
        currency ??= fromAccount(f);
        break;
      case "60F":
      case "60M":
      case "34F":
        currency = { raw: currencyOfBalance(f), line: f.line, tag: f.tag };
        currencies.push(currencyCode(currency.raw));
        break;
      case "61":
        pending = { field: f, details: [], currency };
        break;
    }
  }
  return { drafts, accounts, currencies };
};

const END: Mt940Field = { tag: "-", value: "", line: 0 };

// :60F:C110522EUR3236,28 — mark, YYMMDD, currency; :34F:EURD0,00 — currency first.
const currencyOfBalance = (f: Mt940Field): string => (f.tag === "34F" ? f.value.slice(0, 3) : f.value.slice(7, 10));

// Legacy Rabobank / Raiffeisen :25: ends with the currency: "1291.99.348EUR", ".../HUF".
const fromAccount = (f: Mt940Field): StatementCurrency | undefined => {
  const code = /([A-Z]{3})\s*$/.exec(f.value)?.[1];
  return code && currencyCode(code) ? { raw: code, line: f.line, tag: f.tag } : undefined;
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
