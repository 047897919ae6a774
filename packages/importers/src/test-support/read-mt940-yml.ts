/** What the Python `mt940` library parsed from one `:61:` line, as stored in its `.yml` fixtures. */
export type ExpectedMt940 = { amount: string; currency: string | undefined; date: string; entryDate?: string };

const AMOUNT =
  /^ {4}amount: !!python\/object:mt940\.models\.Amount\n {6}amount: !!python\/object\/apply:decimal\.Decimal(?: \['([^']+)'\]|\n {6}- '([^']+)')\n {6}currency: (.*)$/m;
const dateField = (key: string): RegExp =>
  new RegExp(`^ {4}${key}: !!python/object/apply:mt940\\.models\\.Date\\n {4}- !!binary \\|\\n {6}(\\S+)`, "m");
const DATE = dateField("date");
const GUESSED_ENTRY = dateField("guessed_entry_date");

// The library pickles dates as 4 bytes: year (big-endian u16), month, day.
const pickledDate = (b64: string): string => {
  const b = Buffer.from(b64, "base64");
  const y = (b[0] ?? 0) * 256 + (b[1] ?? 0);
  return `${y}-${String(b[2]).padStart(2, "0")}-${String(b[3]).padStart(2, "0")}`;
};

/**
 * Reads the transactions of a python-mt940 YAML dump: just amount, currency and dates, by
 * pattern (the files use Python-specific tags no YAML library resolves without custom types).
 */
export const readMt940Yml = (yml: string): ExpectedMt940[] => {
  const at = yml.search(/^transactions:$/m);
  if (at < 0) return [];
  const blocks = yml
    .slice(at)
    .split(/^- !!python\/object:mt940\.models\.Transaction$/m)
    .slice(1);
  return blocks.map((block) => {
    const amount = AMOUNT.exec(block);
    const date = DATE.exec(block)?.[1];
    if (!amount || !date) throw new Error(`unreadable transaction in yml: ${block.slice(0, 200)}`);
    const currency = (amount[3] ?? "null").trim();
    const entry = GUESSED_ENTRY.exec(block)?.[1];
    return {
      amount: (amount[1] ?? amount[2]) as string,
      currency: /^[A-Z]{3}$/.test(currency) ? currency : undefined,
      date: pickledDate(date),
      ...(entry ? { entryDate: pickledDate(entry) } : {}),
    };
  });
};
