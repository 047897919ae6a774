import { currencyCode } from "../clean-text.ts";
import { decodeText } from "../decode-text.ts";
import type { Draft } from "../draft.ts";
import { finishStatement } from "../finish-statement.ts";
import { fail, IssueList } from "../issues.ts";
import { buildXmlTree } from "../markup/build-xml-tree.ts";
import { childrenNamed, type MarkupNode, textAt } from "../markup/markup-node.ts";
import { selectStatement } from "../select-statement.ts";
import type { ParsedStatement, ParseOptions, SkippedRecord } from "../types.ts";
import { recordsOf } from "./entry-amounts.ts";
import { readCamtEntry } from "./read-camt-entry.ts";

const MESSAGES = new Set(["BkToCstmrStmt", "BkToCstmrAcctRpt", "BkToCstmrDbtCdtNtfctn"]);
const RECORDS = new Set(["Stmt", "Rpt", "Ntfctn"]);
// Version 1 suffixes the message element: BkToCstmrAcctRptV01.
const isMessage = (node: MarkupNode): boolean => MESSAGES.has(node.name.replace(/V\d+$/, ""));

/** A `<Stmt>`/`<Rpt>`/`<Ntfctn>` and where its entries start in the file's numbering. */
type CamtRecord = { node: MarkupNode; entries: MarkupNode[]; firstIndex: number };

/**
 * Parses ISO 20022 camt.053 statements, camt.052 reports and camt.054 notifications, any
 * version (namespaces are ignored; v8's nested party names are read too). Records of one
 * account (IBAN or other id, and currency) are one statement; of several accounts, one is
 * imported (see `selectStatement`). Each `<Ntry>` is a transaction in its own `Amt` currency,
 * signed by CdtDbtInd, or several when it is a batch that splits exactly into its details;
 * INFO/PDNG/FUTR entries are skipped records. External ids: `camt:<AcctSvcrRef>`, else
 * `camt:<date>:<NtryRef or EndToEndId>`, skipping NOTPROVIDED.
 */
export const parseCamt = (content: string | Uint8Array, options: ParseOptions): ParsedStatement => {
  const root = buildXmlTree(decodeText(content));
  const message = isMessage(root) ? root : root.children.find(isMessage);
  if (!message) {
    fail(
      `line ${root.line} / ${root.name}`,
      "not a camt.052/053/054 message (no BkToCstmrStmt, BkToCstmrAcctRpt or BkToCstmrDbtCdtNtfctn)",
    );
  }
  const msg = message as MarkupNode;
  const records = camtRecords(msg);
  if (records.length === 0)
    fail(`line ${msg.line} / ${msg.name}`, "holds no Stmt, Rpt or Ntfctn: there is nothing to import");
  const { selected, statements } = selectStatement(
    records.map((r) => ({
      accountNumber: textAt(r.node, "Acct", "Id", "IBAN") ?? textAt(r.node, "Acct", "Id", "Othr", "Id"),
      currency: currencyCode(textAt(r.node, "Acct", "Ccy")),
      records: r.entries.reduce((n, e) => n + recordsOf(e), 0),
      value: r,
    })),
    options,
  );
  const issues = new IssueList();
  const drafts: Draft[] = [];
  const skipped: SkippedRecord[] = [];
  for (const record of selected.values) {
    const fallbackDate = textAt(record.node, "CreDtTm") ?? textAt(msg, "GrpHdr", "CreDtTm");
    record.entries.forEach((ntry, i) => {
      const result = readCamtEntry(ntry, { index: record.firstIndex + i, fallbackDate, issues });
      for (const d of result.drafts) drafts.push(d);
      if (result.skipped) skipped.push(result.skipped);
    });
  }
  issues.throwIfAny("invalid CAMT file");
  return finishStatement("camt", drafts, {
    currency: selected.summary.currency,
    accountId: selected.summary.accountNumber,
    seen: selected.summary.records,
    skipped,
    statements,
  });
};

/** The message's records with their entries, entries numbered 1… across the whole file. */
const camtRecords = (msg: MarkupNode): CamtRecord[] => {
  let next = 1;
  return msg.children
    .filter((c) => RECORDS.has(c.name))
    .map((node) => {
      const entries = childrenNamed(node, "Ntry");
      const record = { node, entries, firstIndex: next };
      next += entries.length;
      return record;
    });
};
