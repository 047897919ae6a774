import { voteDelimiter } from "./csv/sniff-delimiter.ts";
import { decodeText } from "./decode-text.ts";
import { fail } from "./issues.ts";
import type { ImportFormat } from "./types.ts";

// Detection reads only the head: a 100,000-row CSV must not be decoded twice.
const HEAD_CHARS = 8 * 1024;
const OFX = /OFXHEADER|<OFX[\s>]/i;
const CAMT = /urn:iso:std:iso:20022:tech:xsd:camt\.05[234]|<(\w+:)?BkToCstmr(Stmt|AcctRpt|DbtCdtNtfctn)/;
const QIF = /^[ \t]*!(Type:|Account\b|Option:|Clear:)/im;
const MT940 = /^(\{1:F\d\d|:(13D?|20|21|25P?|28C?|34F|60[FM]|61|62[FM]|64|65|86|90[CD]|NS):)/m;
const BY_EXTENSION: Readonly<Record<string, ImportFormat>> = {
  csv: "csv",
  tsv: "csv",
  ofx: "ofx",
  qfx: "ofx",
  qbo: "ofx",
  qif: "qif",
  xml: "camt",
  camt: "camt",
  "052": "camt",
  "053": "camt",
  "054": "camt",
  sta: "mt940",
  "940": "mt940",
  "942": "mt940",
  mt940: "mt940",
};

/**
 * Identifies a statement file by its content — OFX header or root, camt namespace, QIF "!Type:"
 * header, MT940 field tags, else consistently delimited rows — then by file extension. Throws
 * VALIDATION when neither tells.
 */
export const detectFormat = (content: string | Uint8Array, filename?: string): ImportFormat => {
  const head = decodeText(typeof content === "string" ? content.slice(0, HEAD_CHARS) : content.subarray(0, HEAD_CHARS));
  if (head.trim() === "") fail("file", "the file is empty");
  const format = fromContent(head) ?? fromExtension(filename);
  if (format) return format;
  return fail(
    "file",
    `unrecognised statement format${filename ? ` for "${filename}"` : ""}: expected CSV, OFX/QFX, QIF, camt.052/053/054 XML or MT940`,
  );
};

const fromContent = (head: string): ImportFormat | undefined => {
  if (OFX.test(head)) return "ofx";
  if (CAMT.test(head)) return "camt";
  if (QIF.test(head)) return "qif";
  if (MT940.test(head)) return "mt940";
  return voteDelimiter(head).votes > 0 ? "csv" : undefined;
};

const fromExtension = (filename: string | undefined): ImportFormat | undefined => {
  const ext = filename?.toLowerCase().split(".").pop();
  return ext && filename?.includes(".") ? BY_EXTENSION[ext] : undefined;
};
