import { cleanText, currencyCode, NO_DESCRIPTION } from "../clean-text.ts";
import { isoDate } from "../dates/iso-date.ts";
import { type Draft, draft } from "../draft.ts";
import type { IssueList } from "../issues.ts";
import { child, childrenNamed, findAll, type MarkupNode, textAt } from "../markup/markup-node.ts";
import { parsePlainAmount } from "../parse-plain-amount.ts";

/** Where an entry sits, for error paths, and the date to use when it states none. */
export type EntryContext = { index: number; fallbackDate: string | undefined; issues: IssueList };

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})/;
const NOT_PROVIDED = /^not ?provided$/i;

/**
 * One `<Ntry>` (a booking) as a draft; its `<TxDtls>` only enrich the text. Skipped: entries with
 * status INFO (no booking took place). Date: BookgDt, else ValDt, else the report's creation date.
 */
export const readCamtEntry = (ntry: MarkupNode, ctx: EntryContext): Draft | undefined => {
  const status = textAt(ntry, "Sts") ?? textAt(ntry, "Sts", "Cd");
  if (status?.toUpperCase() === "INFO") return undefined;
  const where = (field: string) => `line ${ntry.line} / Ntry[${ctx.index}].${field}`;
  const date = entryDate(ntry, ctx.fallbackDate);
  if (!date) ctx.issues.add(where("BookgDt"), "no valid BookgDt, ValDt or statement creation date");
  const amount = entryAmount(ntry, where, ctx.issues);
  if (!date || !amount) return undefined;
  const txs = findAll(ntry, "TxDtls");
  const merchant = counterparty(txs, amount.minor < 0n ? "Cdtr" : "Dbtr");
  const remittance = cleanText(
    txs.flatMap((tx) => childrenNamed(child(tx, "RmtInf"), "Ustrd").map((u) => u.text)).join(" "),
  );
  const entryInfo = cleanText(textAt(ntry, "AddtlNtryInf"));
  return draft({
    date,
    amount,
    description: remittance ?? cleanText(textAt(txs[0], "AddtlTxInf")) ?? entryInfo ?? merchant ?? NO_DESCRIPTION,
    merchant,
    notes: entryInfo,
    nativeId: nativeId(ntry, txs, date),
  });
};

const entryDate = (ntry: MarkupNode, fallback: string | undefined): string | undefined => {
  const raw =
    textAt(ntry, "BookgDt", "Dt") ??
    textAt(ntry, "BookgDt", "DtTm") ??
    textAt(ntry, "ValDt", "Dt") ??
    textAt(ntry, "ValDt", "DtTm") ??
    fallback;
  const m = raw ? ISO_DAY.exec(raw) : null;
  return m ? isoDate(Number(m[1]), Number(m[2]), Number(m[3])) : undefined;
};

const entryAmount = (ntry: MarkupNode, where: (f: string) => string, issues: IssueList) => {
  const amt = child(ntry, "Amt");
  const currency = currencyCode(amt?.attrs?.Ccy);
  const indicator = textAt(ntry, "CdtDbtInd");
  if (!amt) issues.add(where("Amt"), "missing");
  else if (!currency) issues.add(where("Amt"), `Ccy "${amt.attrs?.Ccy ?? ""}" is not an ISO 4217 currency`);
  if (indicator !== "CRDT" && indicator !== "DBIT")
    issues.add(where("CdtDbtInd"), `"${indicator ?? ""}" is neither CRDT nor DBIT`);
  if (!amt || !currency || (indicator !== "CRDT" && indicator !== "DBIT")) return undefined;
  const m = parsePlainAmount(amt.text, currency);
  if (typeof m === "string") {
    issues.add(where("Amt"), m);
    return undefined;
  }
  const abs = m.minor < 0n ? -m.minor : m.minor;
  return { minor: indicator === "DBIT" ? -abs : abs, currency };
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
