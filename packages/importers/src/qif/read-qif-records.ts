/** A field value and the line it came from. */
export type QifField = { value: string; line: number };

/** One transaction record of a bank-like section (Bank, Cash, CCard, Oth A, Oth L). */
export type QifRecord = {
  line: number;
  date?: QifField;
  amount?: QifField;
  payee?: string;
  memo?: string;
};

/** Bank-like records, the lines where investment records start (counted, not imported), whether a `!` header was seen. */
export type QifContent = { records: QifRecord[]; investmentLines: number[]; sawHeader: boolean };

type Section = "bank" | "investment" | "other";
const BANK_TYPES = new Set(["bank", "cash", "ccard", "oth a", "oth l"]);
const LINE_BREAK = /\r\n|\r|\n/;

const sectionOf = (header: string): Section | undefined => {
  const h = header.toLowerCase().trim();
  if (h.startsWith("!type:")) {
    const type = h.slice(6).trim();
    if (BANK_TYPES.has(type)) return "bank";
    return type === "invst" ? "investment" : "other";
  }
  // "!Account" starts a list of account definitions, whose D line is a description, not a date.
  if (h.startsWith("!account")) return "other";
  return undefined; // !Option:… and !Clear:… change nothing
};

/**
 * Splits QIF into records by section. Only bank-like sections yield transactions; split lines
 * (S/E/$ after the first S) are skipped — the parent T amount is the booked total, and a D line
 * inside a split must not overwrite the transaction's date.
 */
export const readQifRecords = (text: string): QifContent => {
  const out: QifContent = { records: [], investmentLines: [], sawHeader: false };
  let section: Section = "other";
  let record: QifRecord | undefined;
  let inSplit = false;
  const flush = (): void => {
    if (record && section === "bank") out.records.push(record);
    if (record && section === "investment") out.investmentLines.push(record.line);
    record = undefined;
    inSplit = false;
  };
  text.split(LINE_BREAK).forEach((raw, i) => {
    const line = i + 1;
    const text = raw.trimEnd();
    if (text === "" || text.startsWith("#")) return;
    if (text.startsWith("!")) {
      flush();
      const next = sectionOf(text);
      out.sawHeader ||= next !== undefined || /^!(option|clear):/i.test(text);
      if (next) section = next;
      return;
    }
    if (text.startsWith("^")) {
      flush();
      return;
    }
    record ??= { line };
    inSplit ||= text[0] === "S";
    if (!inSplit) addField(record, text, line);
  });
  flush();
  return out;
};

const addField = (record: QifRecord, text: string, line: number): void => {
  const value = text.slice(1).trim();
  switch (text[0]) {
    case "D":
      record.date = { value, line };
      break;
    case "T":
      record.amount = { value, line };
      break;
    case "U":
      record.amount ??= { value, line };
      break;
    case "P":
      record.payee = value;
      break;
    case "M":
      record.memo = value;
      break;
  }
};
