/** One MT940/MT942 field (`:61:…` with its continuation lines joined by "\n"), or a message end. */
export type Mt940Field = { tag: string; value: string; line: number };

/** Tags of MT940 and MT942 statements; any other ":xx:" at a line start is continuation text. */
// biome-ignore format: a table reads better packed
const KNOWN = new Set([
  "13", "13D", "20", "21", "25", "25P", "28", "28C", "34F", "60F", "60M", "61", "62F", "62M", "64", "65", "86",
  "90C", "90D", "NS",
]);
const TAG = /^:(\d{2}[A-Z]?|NS):/;
const BARE_TAG = /^(\d{2}[A-Z]?|NS):/;
const BLOCK_HEADER = /^(\{[1-3]:[^}]*\})*\{4:/;
const MESSAGE_END = /^-(\}.*|[A-Z]{0,4})\s*$/;
// SOH/ETX framing bytes (mBank) and other control characters are transport noise.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/**
 * Splits MT940 text into fields. Tolerates SWIFT block framing (`{1:…}{2:…}{4:` … `-}`), bank
 * preambles before the first tag, a tag broken across lines (":" then "86:…", Sparkasse) and
 * unknown ":xx:" lines inside a detail field (a wrapped timestamp). A line "-" ends a message.
 */
export const splitFields = (text: string): Mt940Field[] => {
  const lines = text.replace(CONTROL, "").split(/\r\n|\r|\n/);
  const fields: Mt940Field[] = [];
  let current: Mt940Field | undefined;
  for (let i = 0; i < lines.length; i++) {
    let line = (lines[i] as string).replace(BLOCK_HEADER, "");
    if (line === ":" && BARE_TAG.test(lines[i + 1] ?? "")) line = `:${lines[++i]}`;
    const tag = TAG.exec(line)?.[1];
    if (tag && KNOWN.has(tag)) {
      current = { tag, value: line.slice(tag.length + 2), line: i + 1 };
      fields.push(current);
    } else if (MESSAGE_END.test(line)) {
      fields.push({ tag: "-", value: "", line: i + 1 });
      current = undefined;
    } else if (current) {
      current.value += `\n${line}`;
    }
  }
  return fields;
};
