import type { Money } from "@fincoach/money";
import { currencyCode } from "../clean-text.ts";
import type { IssueList } from "../issues.ts";
import { child, findAll, type MarkupNode, textAt } from "../markup/markup-node.ts";
import { parsePlainAmount } from "../parse-plain-amount.ts";

// ISO 20022 entry statuses that are not bookings (yet), with what to tell the person.
const NOT_BOOKED: Readonly<Record<string, string>> = {
  INFO: "status INFO: for information only, the bank booked nothing",
  PDNG: "status PDNG: pending, not booked yet (it is imported once a statement books it)",
  FUTR: "status FUTR: a future booking, not booked yet",
};

/** Why an entry is not imported, when its status says it is no booking; else undefined. */
export const skippedStatus = (ntry: MarkupNode): string | undefined => {
  // v2–v6: <Sts>BOOK</Sts>; v8: <Sts><Cd>BOOK</Cd></Sts>.
  const status = textAt(ntry, "Sts") ?? textAt(ntry, "Sts", "Cd");
  return status ? NOT_BOOKED[status.toUpperCase()] : undefined;
};

/** The entry's signed amount, or undefined after recording why not. */
export const entryAmount = (ntry: MarkupNode, where: (f: string) => string, issues?: IssueList): Money | undefined => {
  const amt = child(ntry, "Amt");
  const currency = currencyCode(amt?.attrs?.Ccy);
  const indicator = textAt(ntry, "CdtDbtInd");
  if (!amt) issues?.add(where("Amt"), "missing");
  else if (!currency) issues?.add(where("Amt"), `Ccy "${amt.attrs?.Ccy ?? ""}" is not an ISO 4217 currency`);
  if (indicator !== "CRDT" && indicator !== "DBIT")
    issues?.add(where("CdtDbtInd"), `"${indicator ?? ""}" is neither CRDT nor DBIT`);
  if (!amt || !currency || (indicator !== "CRDT" && indicator !== "DBIT")) return undefined;
  const m = parsePlainAmount(amt.text, currency);
  if (typeof m === "string") {
    issues?.add(where("Amt"), m);
    return undefined;
  }
  return signed(m, indicator);
};

const signed = (m: Money, indicator: string): Money => {
  const abs = m.minor < 0n ? -m.minor : m.minor;
  return { minor: indicator === "DBIT" ? -abs : abs, currency: m.currency };
};

/**
 * The signed amounts of a batch entry's details, when the entry can be split into them: two or
 * more `<TxDtls>`, each with an amount (`Amt`, else `AmtDtls/TxAmt/Amt`) in the entry's
 * currency, summing exactly to the entry. Otherwise undefined: the entry stays one transaction.
 */
export const batchAmounts = (ntry: MarkupNode, total: Money, txs: MarkupNode[]): Money[] | undefined => {
  if (txs.length < 2) return undefined;
  const amounts: Money[] = [];
  let sum = 0n;
  for (const tx of txs) {
    const amt = child(tx, "Amt") ?? child(child(child(tx, "AmtDtls"), "TxAmt"), "Amt");
    if (!amt || currencyCode(amt.attrs?.Ccy) !== total.currency) return undefined;
    const m = parsePlainAmount(amt.text, total.currency);
    if (typeof m === "string") return undefined;
    // A detail's own indicator (v4+) signs it; older versions sign every detail like the entry.
    const indicator = textAt(tx, "CdtDbtInd") ?? textAt(ntry, "CdtDbtInd");
    if (indicator !== "CRDT" && indicator !== "DBIT") return undefined;
    const detail = signed(m, indicator);
    amounts.push(detail);
    sum += detail.minor;
  }
  return sum === total.minor ? amounts : undefined;
};

/** How many records an entry is: one, or one per detail of a batch that is split (see readCamtEntry). */
export const recordsOf = (ntry: MarkupNode): number => {
  if (skippedStatus(ntry)) return 1;
  const txs = findAll(ntry, "TxDtls");
  if (txs.length < 2) return 1; // the common case needs no amount parsed
  const total = entryAmount(ntry, () => "");
  return (total && batchAmounts(ntry, total, txs)?.length) || 1;
};
