import type { Money } from "@fincoach/money";
import { cleanText, NO_DESCRIPTION } from "../clean-text.ts";
import { DATE_RANGE_MESSAGE, isDateInRange } from "../dates/date-range.ts";
import { isoDate } from "../dates/iso-date.ts";
import { type Draft, draft } from "../draft.ts";
import type { IssueList } from "../issues.ts";
import { child, childrenNamed, findAll, type MarkupNode, textAt } from "../markup/markup-node.ts";
import type { SkippedRecord } from "../types.ts";
import { batchAmounts, entryAmount, skippedStatus } from "./entry-amounts.ts";

/** Where an entry sits, for error paths, and the date to use when it states none. */
export type EntryContext = { index: number; fallbackDate: string | undefined; issues: IssueList };

/** What one `<Ntry>` becomes: its transactions, or the reason it is skipped. */
export type EntryResult = { drafts: Draft[]; skipped?: SkippedRecord };

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})/;
const NOT_PROVIDED = /^not ?provided$/i;

/**
 * One `<Ntry>` (a booking). Skipped, with the reason: status INFO, PDNG or FUTR (nothing booked
 * yet). A batch entry whose `<TxDtls>` each carry an amount summing exactly to the entry is
 * split into one transaction per detail; any other entry is one transaction, its details only
 * giving the text. Date: BookgDt, else ValDt, else the report's creation date.
 */
export const readCamtEntry = (ntry: MarkupNode, ctx: EntryContext): EntryResult => {
  const where = (field: string) => `line ${ntry.line} / Ntry[${ctx.index}].${field}`;
  const status = skippedStatus(ntry);
  if (status) return { drafts: [], skipped: { path: where("Sts"), reason: status } };
  const date = entryDate(ntry, ctx.fallbackDate, where, ctx.issues);
  const amount = entryAmount(ntry, where, ctx.issues);
  if (!date || !amount) return { drafts: [] };
  const txs = findAll(ntry, "TxDtls");
  const entryInfo = cleanText(textAt(ntry, "AddtlNtryInf"));
  const entryId = nativeId(ntry, txs, date);
  const split = batchAmounts(ntry, amount, txs);
  if (split) {
    const drafts = txs.map((tx, k) => {
      const own = provided(textAt(tx, "Refs", "AcctSvcrRef"));
      return detailDraft(
        [tx],
        date,
        split[k] as Money,
        entryInfo,
        own ?? (entryId ? `${entryId}/${k + 1}` : undefined),
      );
    });
    return { drafts };
  }
  return { drafts: [detailDraft(txs, date, amount, entryInfo, entryId)] };
};

const detailDraft = (
  txs: MarkupNode[],
  date: string,
  amount: Money,
  entryInfo: string | undefined,
  id: string | undefined,
) => {
  const merchant = counterparty(txs, amount.minor < 0n ? "Cdtr" : "Dbtr");
  const remittance = cleanText(
    txs.flatMap((tx) => childrenNamed(child(tx, "RmtInf"), "Ustrd").map((u) => u.text)).join(" "),
  );
  return draft({
    date,
    amount,
    description: remittance ?? cleanText(textAt(txs[0], "AddtlTxInf")) ?? entryInfo ?? merchant ?? NO_DESCRIPTION,
    merchant,
    notes: entryInfo,
    nativeId: id,
  });
};

const DATE_SOURCES = [
  ["BookgDt", "Dt"],
  ["BookgDt", "DtTm"],
  ["ValDt", "Dt"],
  ["ValDt", "DtTm"],
] as const;

const entryDate = (
  ntry: MarkupNode,
  fallback: string | undefined,
  where: (f: string) => string,
  issues: IssueList,
): string | undefined => {
  const source = DATE_SOURCES.find((path) => textAt(ntry, ...path) !== undefined);
  const raw = source ? textAt(ntry, ...source) : fallback;
  const field = source ? source[0] : "CreDtTm";
  const m = raw ? ISO_DAY.exec(raw) : null;
  const date = m ? isoDate(Number(m[1]), Number(m[2]), Number(m[3])) : undefined;
  if (!date)
    issues.add(where(field), raw ? `"${raw}" is not a valid date` : "no BookgDt, ValDt or statement creation date");
  else if (!isDateInRange(date)) issues.add(where(field), `"${raw}" ${DATE_RANGE_MESSAGE}`);
  else return date;
  return undefined;
};

// v2–v6 write RltdPties/Cdtr/Nm, v8 nests the party: RltdPties/Cdtr/Pty/Nm.
const counterparty = (txs: MarkupNode[], role: "Cdtr" | "Dbtr"): string | undefined => {
  for (const tx of txs) {
    const name = textAt(tx, "RltdPties", role, "Nm") ?? textAt(tx, "RltdPties", role, "Pty", "Nm");
    if (name) return cleanText(name);
  }
  return undefined;
};

/**
 * The bank's own AcctSvcrRef is unique per booking. NtryRef and EndToEndId are not (statement
 * sequence numbers, payer-chosen ids reused by standing orders), so they are scoped by date.
 */
const nativeId = (ntry: MarkupNode, txs: MarkupNode[], date: string): string | undefined => {
  const single = txs.length === 1 ? txs[0] : undefined;
  const svcr = provided(textAt(ntry, "AcctSvcrRef") ?? textAt(single, "Refs", "AcctSvcrRef"));
  if (svcr) return svcr;
  const scoped = provided(textAt(ntry, "NtryRef") ?? textAt(single, "Refs", "EndToEndId"));
  return scoped ? `${date}:${scoped}` : undefined;
};

const provided = (ref: string | undefined): string | undefined => (ref && !NOT_PROVIDED.test(ref) ? ref : undefined);
