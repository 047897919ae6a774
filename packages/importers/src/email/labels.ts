/** Escapes a literal for a RegExp. */
const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * The value after a label ("Importe: $ 63.37 MN", or the label in one table cell and the value
 * in the next line), up to the end of that line; undefined when the label is absent or the
 * value is empty. `label` is a RegExp (matched case-insensitively) or a literal string; the
 * colon after it is required unless `colon: false` (a line merely starting with the label's
 * word, "operacion de su transaccion …", is not the label).
 */
export const labelValue = (
  text: string,
  label: string | RegExp,
  { colon = true }: { colon?: boolean } = {},
): string | undefined => {
  const source = typeof label === "string" ? escapeRegExp(label) : label.source;
  const sep = colon ? ":" : ":?";
  const m = new RegExp(`(?:^|\\n)\\s*(?:${source})[ \\t]*${sep}[ \\t]*(?:\\n[ \\t]*)?([^\\n]*)`, "iu").exec(text);
  const value = m?.[1]?.trim();
  return value ? value : undefined;
};

/** The last four digits of a masked number ("************0000", "x -1629", "- *******2222"). */
export const lastFour = (text: string | undefined): string | null => {
  if (!text) return null;
  const m = /(?:[*xX•·.]+\s*-?\s*|\b)(\d{4})\b/.exec(text);
  return m?.[1] ?? null;
};
