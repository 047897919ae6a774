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
