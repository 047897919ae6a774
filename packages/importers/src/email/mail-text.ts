const INVISIBLE = /[\u200b-\u200d\u2060\ufeff\u00ad]/g;
const SPACES = /[ \t\r\f\v\u00a0\u2007\u3000]+/g;

/**
 * Trimmed non-empty lines with runs of spaces collapsed and invisible characters gone (Banorte
 * writes zero-width spaces inside words), joined by "\n": extractors match "label, optional
 * colon, value on the same or the next line" with one `\s*`. Narrow no-break and thin spaces
 * stay: amounts group digits with them.
 */
export const tidyText = (text: string): string => {
  const out: string[] = [];
  for (const raw of text.replace(INVISIBLE, "").split("\n")) {
    const line = raw.replace(SPACES, " ").trim();
    if (line) out.push(line);
  }
  return out.join("\n");
};
