import { currencyCode } from "../clean-text.ts";
import { decodeText } from "../decode-text.ts";
import type { Draft } from "../draft.ts";
import { finishStatement, single } from "../finish-statement.ts";
import { fail, IssueList } from "../issues.ts";
import { buildXmlTree } from "../markup/build-xml-tree.ts";
import { childrenNamed, type MarkupNode, textAt } from "../markup/markup-node.ts";
import type { ParsedStatement, ParseOptions } from "../types.ts";
import { readCamtEntry } from "./read-camt-entry.ts";

const MESSAGES = new Set(["BkToCstmrStmt", "BkToCstmrAcctRpt", "BkToCstmrDbtCdtNtfctn"]);
const RECORDS = new Set(["Stmt", "Rpt", "Ntfctn"]);
// Version 1 suffixes the message element: BkToCstmrAcctRptV01.
const isMessage = (node: MarkupNode): boolean => MESSAGES.has(node.name.replace(/V\d+$/, ""));

/**
 * Parses ISO 20022 camt.053 statements, camt.052 reports and camt.054 notifications, any
 * version (namespaces are ignored; v8's nested party names are read too). One transaction per
 * `<Ntry>`, signed by CdtDbtInd, in the entry's own Amt currency. External ids: `camt:<AcctSvcrRef>`,
 * else `camt:<date>:<NtryRef or EndToEndId>`, skipping NOTPROVIDED.
 */
export const parseCamt = (content: string | Uint8Array, _options: ParseOptions): ParsedStatement => {
  const root = buildXmlTree(decodeText(content));
  const message = isMessage(root) ? root : root.children.find(isMessage);
  if (!message) {
    fail(
      `line ${root.line} / ${root.name}`,
      "not a camt.052/053/054 message (no BkToCstmrStmt, BkToCstmrAcctRpt or BkToCstmrDbtCdtNtfctn)",
    );
  }
  const msg = message as MarkupNode;
  const records = msg.children.filter((c) => RECORDS.has(c.name));
  if (records.length === 0)
    fail(`line ${msg.line} / ${msg.name}`, "holds no Stmt, Rpt or Ntfctn: there is nothing to import");
  const issues = new IssueList();
  const drafts: Draft[] = [];
  let index = 0;
  for (const record of records) {
    const fallbackDate = textAt(record, "CreDtTm") ?? textAt(msg, "GrpHdr", "CreDtTm");
    for (const ntry of childrenNamed(record, "Ntry")) {
      const d = readCamtEntry(ntry, { index: ++index, fallbackDate, issues });
      if (d) drafts.push(d);
    }
  }
  issues.throwIfAny("invalid CAMT file");
  return finishStatement("camt", drafts, {
    currency: single(records.map((r) => currencyCode(textAt(r, "Acct", "Ccy")))),
    accountId: single(records.map((r) => textAt(r, "Acct", "Id", "IBAN") ?? textAt(r, "Acct", "Id", "Othr", "Id"))),
  });
};
