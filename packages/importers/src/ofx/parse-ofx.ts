import { currencyCode } from "../clean-text.ts";
import { decodeText } from "../decode-text.ts";
import type { Draft } from "../draft.ts";
import { finishStatement } from "../finish-statement.ts";
import { fail, IssueList } from "../issues.ts";
import { child, type MarkupNode, textAt } from "../markup/markup-node.ts";
import { selectStatement } from "../select-statement.ts";
import type { ParsedStatement, ParseOptions } from "../types.ts";
import { buildOfxTree } from "./build-ofx-tree.ts";
import { findStatements, type OfxStatement } from "./find-statements.ts";
import { readStmtTrn } from "./read-stmttrn.ts";

const OFX_START = /<OFX[\s>]/i;

/**
 * Parses OFX/QFX, v1 (SGML) or v2 (XML): bank, credit-card and investment statements (of the
 * latter, the cash transactions `<INVBANKTRAN>`; trades and positions are skipped records).
 * A file with several accounts' statements imports one (see `selectStatement`); several
 * statements of one account are one. External ids: `ofx:<FITID>`.
 */
export const parseOfx = (content: string | Uint8Array, options: ParseOptions): ParsedStatement => {
  const text = decodeText(content);
  const start = text.search(OFX_START);
  if (start === -1) fail("file", "no <OFX> element: not an OFX file");
  const ofx = child(buildOfxTree(text, start), "OFX") as MarkupNode;
  const found = findStatements(ofx);
  if (found.length === 0) {
    fail("file", "no bank, credit-card or investment statement in this OFX file (only sign-on or account data)");
  }
  const { selected, statements } = selectStatement(
    found.map((s) => ({
      accountNumber: s.accountNumber,
      kind: s.kind,
      currency: currencyCode(textAt(s.node, "CURDEF")),
      records: s.transactions.length + s.skipped.length,
      value: s,
    })),
    options,
  );
  const issues = new IssueList();
  const drafts: Draft[] = [];
  for (const s of selected.values) {
    const currency = statementCurrency(s.node, issues) ?? options.currency;
    for (const trn of s.transactions) {
      if (issues.full) break;
      const d = readStmtTrn(trn, currency, issues);
      if (d) drafts.push(d);
    }
  }
  issues.throwIfAny("invalid OFX file");
  rejectSecuritiesOnly(selected.values, drafts.length);
  return finishStatement("ofx", drafts, {
    currency: selected.summary.currency,
    accountId: selected.summary.accountNumber,
    seen: selected.summary.records,
    skipped: selected.values.flatMap((s) => s.skipped),
    statements,
  });
};

const statementCurrency = (stmt: MarkupNode, issues: IssueList): string | undefined => {
  const raw = textAt(stmt, "CURDEF");
  const code = currencyCode(raw);
  if (raw !== undefined && code === undefined) {
    issues.add(`line ${child(stmt, "CURDEF")?.line ?? stmt.line} / CURDEF`, `"${raw}" is not an ISO 4217 currency`);
  }
  return code;
};

/** An investment statement with trades but no cash movements would import as "0 transactions": say why. */
const rejectSecuritiesOnly = (statements: OfxStatement[], imported: number): void => {
  if (imported > 0 || !statements.every((s) => s.kind === "investment")) return;
  fail(
    "file",
    "this OFX investment statement has no cash transactions (<INVBANKTRAN>); securities trades, income and " +
      "positions are not imported — export the bank or cash account instead",
  );
};
