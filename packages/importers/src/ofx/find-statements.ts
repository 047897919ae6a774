import { fail } from "../issues.ts";
import { at, childrenNamed, findAll, type MarkupNode, textAt } from "../markup/markup-node.ts";
import type { SkippedRecord } from "../types.ts";

/** What kind of account a statement aggregate is for, by its element name. */
const KIND: Readonly<Record<string, string>> = { STMTRS: "bank", CCSTMTRS: "creditcard", INVSTMTRS: "investment" };
const ACCOUNT_FROM: Readonly<Record<string, string>> = {
  STMTRS: "BANKACCTFROM",
  CCSTMTRS: "CCACCTFROM",
  INVSTMTRS: "INVACCTFROM",
};

/** A statement aggregate and its records. */
export type OfxStatement = {
  node: MarkupNode;
  kind: string;
  accountNumber: string | undefined;
  /** `<STMTTRN>`s: bank and card statements directly, investment ones from `<INVBANKTRAN>`. */
  transactions: MarkupNode[];
  /** Investment trades and positions: records of the statement that are not cash transactions. */
  skipped: SkippedRecord[];
};

const WRAPPERS = new Set(["STMTTRNRS", "CCSTMTTRNRS", "INVSTMTTRNRS"]);
const NOT_ACTIVITY = new Set(["DTSTART", "DTEND"]);

/** Finds every statement; fails with the institution's own message when it refused the request. */
export const findStatements = (ofx: MarkupNode): OfxStatement[] => {
  rejectFailedStatus(at(ofx, "SIGNONMSGSRSV1", "SONRS", "STATUS"), "sign-on");
  const found: MarkupNode[] = [];
  collectStatements(ofx, found);
  return found.map((stmt) => {
    const kind = KIND[stmt.name] as string;
    const accountNumber = textAt(stmt, ACCOUNT_FROM[stmt.name] as string, "ACCTID");
    // Every <STMTTRN> below the statement, wherever a forgotten end tag nested it and however
    // many <BANKTRANLIST>s hold them.
    if (kind !== "investment")
      return { node: stmt, kind, accountNumber, transactions: findAll(stmt, "STMTTRN"), skipped: [] };
    return { node: stmt, kind, accountNumber, ...investmentRecords(stmt) };
  });
};

// One walk that never enters a statement: its thousands of transactions are not searched.
const collectStatements = (node: MarkupNode, found: MarkupNode[]): void => {
  for (const c of node.children) {
    if (KIND[c.name]) found.push(c);
    else {
      // A failed statement request must not look like "no transactions".
      if (WRAPPERS.has(c.name)) rejectFailedStatus(at(c, "STATUS"), "statement");
      collectStatements(c, found);
    }
  }
};

/** Cash movements are imported; every trade and position is a skipped record with its reason. */
const investmentRecords = (stmt: MarkupNode): Pick<OfxStatement, "transactions" | "skipped"> => {
  const transactions: MarkupNode[] = [];
  const skipped: SkippedRecord[] = [];
  const skip = (list: string, c: MarkupNode, k: number, reason: string): void => {
    skipped.push({ path: `line ${c.line} / ${list}.${c.name}[${k}]`, reason });
  };
  for (const list of findAll(stmt, "INVTRANLIST")) {
    list.children
      .filter((c) => !NOT_ACTIVITY.has(c.name))
      .forEach((c, i) => {
        const cash = c.name === "INVBANKTRAN" ? childrenNamed(c, "STMTTRN") : undefined;
        if (cash?.length) transactions.push(...cash);
        else if (cash) skip("INVTRANLIST", c, i + 1, "holds no <STMTTRN>: nothing to import");
        else
          skip(
            "INVTRANLIST",
            c,
            i + 1,
            "securities activity (a trade, income or transfer of securities), not a cash transaction",
          );
      });
  }
  for (const list of findAll(stmt, "INVPOSLIST")) {
    list.children.forEach((c, i) => {
      skip("INVPOSLIST", c, i + 1, "a position (securities held), not a transaction");
    });
  }
  return { transactions, skipped };
};

const rejectFailedStatus = (status: MarkupNode | undefined, what: string): void => {
  const code = textAt(status, "CODE");
  const severity = textAt(status, "SEVERITY")?.toUpperCase();
  if (!status || code === undefined || code === "0" || severity !== "ERROR") return;
  const message = textAt(status, "MESSAGE") ?? "no message given";
  fail(`line ${status.line} / STATUS`, `the institution reported a ${what} error (code ${code}): ${message}`);
};
