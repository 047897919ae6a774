import { currencyCode } from "../clean-text.ts";
import { decodeText } from "../decode-text.ts";
import type { Draft } from "../draft.ts";
import { finishStatement, single } from "../finish-statement.ts";
import { fail, IssueList } from "../issues.ts";
import { child, type MarkupNode, textAt } from "../markup/markup-node.ts";
import type { ParsedStatement, ParseOptions } from "../types.ts";
import { buildOfxTree } from "./build-ofx-tree.ts";
import { findStatements, type OfxStatement } from "./find-statements.ts";
import { readStmtTrn } from "./read-stmttrn.ts";

const OFX_START = /<OFX[\s>]/i;

/**
 * Parses OFX/QFX, v1 (SGML) or v2 (XML): bank and credit-card statements, plus the cash
 * transactions (`<INVBANKTRAN>`) of investment statements. Several statements are flattened,
 * each transaction keeping its statement's currency. External ids: `ofx:<FITID>`.
 */
export const parseOfx = (content: string | Uint8Array, options: ParseOptions): ParsedStatement => {
  const text = decodeText(content);
  const start = text.search(OFX_START);
  if (start === -1) fail("file", "no <OFX> element: not an OFX file");
  const ofx = child(buildOfxTree(text, start), "OFX") as MarkupNode;
  const statements = findStatements(ofx);
  if (statements.length === 0) {
    fail("file", "no bank, credit-card or investment statement in this OFX file (only sign-on or account data)");
  }
  const issues = new IssueList();
  const drafts: Draft[] = [];
  const currencies = statements.map((s) => statementCurrency(s.node, issues));
  statements.forEach((s, i) => {
    const currency = currencies[i] ?? options.currency;
    for (const trn of s.transactions) {
      if (issues.full) break;
      const d = readStmtTrn(trn, currency, issues);
      if (d) drafts.push(d);
    }
  });
  issues.throwIfAny("invalid OFX file");
  rejectSecuritiesOnly(statements, drafts.length);
  return finishStatement("ofx", drafts, { currency: single(currencies), accountId: single(statements.map(accountOf)) });
};

const statementCurrency = (stmt: MarkupNode, issues: IssueList): string | undefined => {
  const raw = textAt(stmt, "CURDEF");
  const code = currencyCode(raw);
  if (raw !== undefined && code === undefined) {
    issues.add(`line ${child(stmt, "CURDEF")?.line ?? stmt.line} / CURDEF`, `"${raw}" is not an ISO 4217 currency`);
  }
  return code;
};

const accountOf = (s: OfxStatement): string | undefined =>
  textAt(s.node, "BANKACCTFROM", "ACCTID") ??
  textAt(s.node, "CCACCTFROM", "ACCTID") ??
  textAt(s.node, "INVACCTFROM", "ACCTID");

/** An investment file with trades but no cash movements would import as "0 transactions": say why. */
const rejectSecuritiesOnly = (statements: OfxStatement[], imported: number): void => {
  if (imported > 0 || !statements.every((s) => s.node.name === "INVSTMTRS")) return;
  fail(
    "file",
    "this OFX investment statement has no cash transactions (<INVBANKTRAN>); securities trades, income and " +
      "positions are not imported — export the bank or cash account instead",
  );
};
