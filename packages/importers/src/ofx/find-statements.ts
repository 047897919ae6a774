import { fail } from "../issues.ts";
import { at, childrenNamed, type MarkupNode, textAt } from "../markup/markup-node.ts";

/** A statement aggregate and the transactions it lists. */
export type OfxStatement = {
  node: MarkupNode;
  /** `<STMTTRN>`s: bank and card statements directly, investment ones from `<INVBANKTRAN>`. */
  transactions: MarkupNode[];
  /** Investment activity that is not cash (trades, income, transfers of securities). */
  securitiesActivity: number;
};

const STATEMENTS = new Set(["STMTRS", "CCSTMTRS", "INVSTMTRS"]);
const WRAPPERS = new Set(["STMTTRNRS", "CCSTMTTRNRS", "INVSTMTTRNRS"]);
const NOT_ACTIVITY = new Set(["DTSTART", "DTEND", "INVBANKTRAN"]);

/** Finds every statement; fails with the institution's own message when it refused the request. */
export const findStatements = (ofx: MarkupNode): OfxStatement[] => {
  rejectFailedStatus(at(ofx, "SIGNONMSGSRSV1", "SONRS", "STATUS"), "sign-on");
  const found: MarkupNode[] = [];
  collectStatements(ofx, found);
  return found.map((stmt) =>
    stmt.name === "INVSTMTRS"
      ? investmentStatement(stmt)
      : { node: stmt, transactions: childrenNamed(at(stmt, "BANKTRANLIST"), "STMTTRN"), securitiesActivity: 0 },
  );
};

// One walk that never enters a statement: its thousands of transactions are not searched.
const collectStatements = (node: MarkupNode, found: MarkupNode[]): void => {
  for (const c of node.children) {
    if (STATEMENTS.has(c.name)) found.push(c);
    else {
      // A failed statement request must not look like "no transactions".
      if (WRAPPERS.has(c.name)) rejectFailedStatus(at(c, "STATUS"), "statement");
      collectStatements(c, found);
    }
  }
};

const investmentStatement = (stmt: MarkupNode): OfxStatement => {
  const list = at(stmt, "INVTRANLIST");
  return {
    node: stmt,
    transactions: childrenNamed(list, "INVBANKTRAN").flatMap((b) => childrenNamed(b, "STMTTRN")),
    securitiesActivity: (list?.children ?? []).filter((c) => !NOT_ACTIVITY.has(c.name)).length,
  };
};

const rejectFailedStatus = (status: MarkupNode | undefined, what: string): void => {
  const code = textAt(status, "CODE");
  const severity = textAt(status, "SEVERITY")?.toUpperCase();
  if (!status || code === undefined || code === "0" || severity !== "ERROR") return;
  const message = textAt(status, "MESSAGE") ?? "no message given";
  fail(`line ${status.line} / STATUS`, `the institution reported a ${what} error (code ${code}): ${message}`);
};
