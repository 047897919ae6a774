import { formatDecimal } from "@fincoach/money";
import type { ExportRow } from "./export-rows.ts";
import type { OfxAccount } from "./ofx-accounts.ts";

/** Characters XML 1.0 can't carry at all (C0 controls other than tab, LF, CR; lone surrogates). */
const XML_INVALID =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point here.
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const XML_SPECIAL = /[&<>"']/g;
const XML_ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };

/** Text content safe inside an OFX 2 (XML) element. */
export const xmlEscape = (s: string): string =>
  s.replace(XML_INVALID, "").replace(XML_SPECIAL, (c) => XML_ENTITIES[c]!);

/** OFX dates: `YYYYMMDD` (a date with no time, so no time zone can shift it). */
const ofxDate = (iso: string) => iso.replaceAll("-", "");
const ofxDateTime = (d: Date) => d.toISOString().replace(/[-:T]/g, "").slice(0, 14);
const el = (name: string, value: string) => `<${name}>${xmlEscape(value)}</${name}>`;
const OK_STATUS = "<STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS>";

/** The XML declaration, OFX 2.2 processing instruction and a successful sign-on. */
export const ofxOpen = (now: Date): string =>
  '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n' +
  '<?OFX OFXHEADER="200" VERSION="220" SECURITY="NONE" OLDFILEUID="NONE" NEWFILEUID="NONE"?>\n' +
  `<OFX>\n<SIGNONMSGSRSV1><SONRS>${OK_STATUS}${el("DTSERVER", ofxDateTime(now))}${el("LANGUAGE", "ENG")}` +
  "</SONRS></SIGNONMSGSRSV1>\n";

export const OFX_CLOSE = "</OFX>\n";

/** Credit cards go in the credit-card message set; every other account is a bank account. */
export const isCard = (a: Pick<OfxAccount, "type">) => a.type === "credit_card";
export const messageSetOpen = (card: boolean) => (card ? "<CREDITCARDMSGSRSV1>\n" : "<BANKMSGSRSV1>\n");
export const messageSetClose = (card: boolean) => (card ? "</CREDITCARDMSGSRSV1>\n" : "</BANKMSGSRSV1>\n");

const BANK_ACCTTYPE: Record<string, string> = { savings: "SAVINGS", loan: "CREDITLINE" };

/** Opens one account's statement up to its transaction list; `from`/`to` bound the list when given. */
export const statementOpen = (a: OfxAccount, trnuid: number, from?: string, to?: string): string => {
  const acct = isCard(a)
    ? `<CCACCTFROM>${el("ACCTID", a.id)}</CCACCTFROM>`
    : `<BANKACCTFROM>${el("BANKID", "FINCOACH")}${el("ACCTID", a.id)}${el("ACCTTYPE", BANK_ACCTTYPE[a.type] ?? "CHECKING")}</BANKACCTFROM>`;
  const [rs, stmt] = isCard(a) ? ["CCSTMTTRNRS", "CCSTMTRS"] : ["STMTTRNRS", "STMTRS"];
  return (
    `<${rs}>${el("TRNUID", String(trnuid))}${OK_STATUS}\n<${stmt}>${el("CURDEF", a.currency)}${acct}\n` +
    `<BANKTRANLIST>${el("DTSTART", ofxDate(from ?? a.firstDate))}${el("DTEND", ofxDate(to ?? a.lastDate))}\n`
  );
};

/** Closes the transaction list with the ledger balance as of the last exported day. */
export const statementClose = (a: OfxAccount): string => {
  const [rs, stmt] = isCard(a) ? ["CCSTMTTRNRS", "CCSTMTRS"] : ["STMTTRNRS", "STMTRS"];
  const balance = formatDecimal({ minor: BigInt(a.balanceMinor), currency: a.currency });
  return `</BANKTRANLIST>\n<LEDGERBAL>${el("BALAMT", balance)}${el("DTASOF", ofxDate(a.lastDate))}</LEDGERBAL>\n</${stmt}></${rs}>\n`;
};

/**
 * One `<STMTTRN>`. FITID is the source's external id (so a bank's own id survives a round
 * trip) or ours. NAME carries the whole description: OFX caps it at 32 characters, but the
 * readers we target accept more and cutting it would lose data on re-import.
 */
export const stmtTrn = (r: ExportRow): string => {
  const minor = BigInt(r.amountMinor);
  return (
    `<STMTTRN>${el("TRNTYPE", minor < 0n ? "DEBIT" : "CREDIT")}${el("DTPOSTED", ofxDate(r.date))}` +
    `${el("TRNAMT", formatDecimal({ minor, currency: r.currency }))}${el("FITID", r.externalId ?? r.id)}` +
    `${el("NAME", r.description)}${r.notes ? el("MEMO", r.notes) : ""}</STMTTRN>\n`
  );
};
