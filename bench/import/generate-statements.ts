import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatDecimal } from "@fincoach/money";
import type { RealDescription } from "../shared/real-descriptions.ts";

/** A generated statement file, kept as the bytes an upload would deliver. */
export type StatementFile = { path: string; filename: string; content: Buffer; rows: number };

const START = Date.UTC(2023, 0, 1);
/** Dates climb from 2023-01-01 across about three years, a few rows per day, as in a real export. */
const dateOf = (i: number, rows: number) => new Date(START + Math.floor((i / rows) * 1_095) * 86_400_000);
const iso = (d: Date) => d.toISOString().slice(0, 10);
const compact = (d: Date) => iso(d).replaceAll("-", "");

/** The i-th row: a real descriptor and its real amount (spending is negative on a statement). */
const lineOf = (i: number, rows: number, real: readonly RealDescription[], currency: string) => {
  const r = real[(i * 7_919) % real.length]!;
  return {
    date: dateOf(i, rows),
    description: r.description,
    amount: formatDecimal({ minor: -r.amountMinor, currency }),
  };
};

/** A bank-export CSV: a `Date,Description,Amount` header, ISO dates, signed decimal amounts. */
export const csvStatement = (rows: number, real: readonly RealDescription[], currency: string): string => {
  const out = ["Date,Description,Amount"];
  for (let i = 0; i < rows; i++) {
    const l = lineOf(i, rows, real, currency);
    out.push(`${iso(l.date)},${l.description},${l.amount}`);
  }
  return `${out.join("\n")}\n`;
};

const sgml = (s: string) => s.replaceAll("&", "&amp;").replaceAll("<", "&lt;");

/** An OFX 1.02 (SGML) bank statement, every transaction with its own FITID. */
export const ofxStatement = (rows: number, real: readonly RealDescription[], currency: string): string => {
  const trns: string[] = [];
  for (let i = 0; i < rows; i++) {
    const l = lineOf(i, rows, real, currency);
    const type = l.amount.startsWith("-") ? "DEBIT" : "CREDIT";
    trns.push(
      `<STMTTRN>\n<TRNTYPE>${type}\n<DTPOSTED>${compact(l.date)}120000.000\n<TRNAMT>${l.amount}\n` +
        `<FITID>BENCH${String(i).padStart(8, "0")}\n<NAME>${sgml(l.description)}\n</STMTTRN>`,
    );
  }
  const header =
    "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nSECURITY:NONE\nENCODING:USASCII\nCHARSET:1252\nCOMPRESSION:NONE\nOLDFILEUID:NONE\nNEWFILEUID:NONE\n";
  const status = "<STATUS>\n<CODE>0\n<SEVERITY>INFO\n</STATUS>";
  const signon = `<SIGNONMSGSRSV1>\n<SONRS>\n${status}\n<DTSERVER>20260101120000\n<LANGUAGE>ENG\n</SONRS>\n</SIGNONMSGSRSV1>`;
  const account = "<BANKACCTFROM>\n<BANKID>000000000\n<ACCTID>BENCH-0001\n<ACCTTYPE>CHECKING\n</BANKACCTFROM>";
  const list = `<BANKTRANLIST>\n<DTSTART>${compact(dateOf(0, rows))}\n<DTEND>${compact(dateOf(rows - 1, rows))}\n${trns.join("\n")}\n</BANKTRANLIST>`;
  const stmt = `<STMTRS>\n<CURDEF>${currency}\n${account}\n${list}\n</STMTRS>`;
  return `${header}\n<OFX>\n${signon}\n<BANKMSGSRSV1>\n<STMTTRNRS>\n<TRNUID>1\n${status}\n${stmt}\n</STMTTRNRS>\n</BANKMSGSRSV1>\n</OFX>\n`;
};

/** A QIF bank register: `D` date (US order, as Quicken writes it), `T` amount, `P` payee. */
export const qifStatement = (rows: number, real: readonly RealDescription[], currency: string): string => {
  const out = ["!Type:Bank"];
  for (let i = 0; i < rows; i++) {
    const l = lineOf(i, rows, real, currency);
    const [y, m, d] = iso(l.date).split("-");
    out.push(`D${m}/${d}/${y}\nT${l.amount}\nP${l.description}\n^`);
  }
  return `${out.join("\n")}\n`;
};

const xml = (s: string) => sgml(s).replaceAll(">", "&gt;").replaceAll('"', "&quot;");

/** A CAMT.053.001.02 statement: one booked `<Ntry>` per transaction with the bank's reference. */
export const camtStatement = (rows: number, real: readonly RealDescription[], currency: string): string => {
  const entries: string[] = [];
  for (let i = 0; i < rows; i++) {
    const l = lineOf(i, rows, real, currency);
    const debit = l.amount.startsWith("-");
    entries.push(
      `<Ntry><Amt Ccy="${currency}">${debit ? l.amount.slice(1) : l.amount}</Amt><CdtDbtInd>${debit ? "DBIT" : "CRDT"}</CdtDbtInd>` +
        `<Sts>BOOK</Sts><BookgDt><Dt>${iso(l.date)}</Dt></BookgDt><AcctSvcrRef>BENCH${String(i).padStart(8, "0")}</AcctSvcrRef>` +
        `<NtryDtls><TxDtls><RmtInf><Ustrd>${xml(l.description)}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>`,
    );
  }
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>` +
    `<GrpHdr><MsgId>BENCH</MsgId><CreDtTm>2026-01-01T12:00:00</CreDtTm></GrpHdr><Stmt><Id>BENCH-1</Id>` +
    `<CreDtTm>2026-01-01T12:00:00</CreDtTm><Acct><Id><IBAN>GB33BUKB20201555555555</IBAN></Id><Ccy>${currency}</Ccy></Acct>\n` +
    `${entries.join("\n")}\n</Stmt></BkToCstmrStmt></Document>\n`
  );
};

/** An MT940 statement: `:61:` with the bank's reference after `//`, `:86:` free text. */
export const mt940Statement = (rows: number, real: readonly RealDescription[], currency: string): string => {
  const yymmdd = (d: Date) => compact(d).slice(2);
  const out = [":20:BENCH", ":25:GB33BUKB20201555555555", ":28C:1", `:60F:C${yymmdd(dateOf(0, rows))}${currency}0,00`];
  for (let i = 0; i < rows; i++) {
    const l = lineOf(i, rows, real, currency);
    const debit = l.amount.startsWith("-");
    const amount = (debit ? l.amount.slice(1) : l.amount).replace(".", ",");
    const date = yymmdd(l.date);
    // :86: lines are at most 65 characters in SWIFT's format.
    out.push(`:61:${date}${date.slice(2)}${debit ? "D" : "C"}${amount}NTRFNONREF//B${String(i).padStart(8, "0")}`);
    out.push(`:86:${l.description.slice(0, 65)}`);
  }
  out.push(`:62F:C${yymmdd(dateOf(rows - 1, rows))}${currency}0,00`, "-");
  return `${out.join("\r\n")}\r\n`;
};

/** The five formats' generators, by file extension. */
export const GENERATORS = {
  csv: csvStatement,
  ofx: ofxStatement,
  qif: qifStatement,
  xml: camtStatement,
  sta: mt940Statement,
} as const;

/** Writes both statements to a fresh temp directory and returns them as files. */
export const writeStatements = async (
  sizes: { csvRows: number; ofxRows: number },
  real: readonly RealDescription[],
  currency: string,
): Promise<{ dir: string; csv: StatementFile; ofx: StatementFile }> => {
  const dir = await mkdtemp(join(tmpdir(), "fincoach-bench-import-"));
  const write = async (filename: string, text: string, rows: number): Promise<StatementFile> => {
    const path = join(dir, filename);
    await writeFile(path, text);
    return { path, filename, content: Buffer.from(text), rows };
  };
  const csv = await write("statement.csv", csvStatement(sizes.csvRows, real, currency), sizes.csvRows);
  const ofx = await write("statement.ofx", ofxStatement(sizes.ofxRows, real, currency), sizes.ofxRows);
  return { dir, csv, ofx };
};
