import { isCurrencyCode } from "@fincoach/money";

const MESSY_SPACE = /\s\s|[\t\n\r\f\v\u00a0]/;
const SPACE_RUN = /\s+/g;

/** Whitespace collapsed and trimmed; undefined when nothing is left. */
export const cleanText = (raw: string | undefined): string | undefined => {
  if (raw === undefined) return undefined;
  const text = (MESSY_SPACE.test(raw) ? raw.replace(SPACE_RUN, " ") : raw).trim();
  return text === "" ? undefined : text;
};

/** The last resort of every format's description chain: descriptions are never empty. */
export const NO_DESCRIPTION = "(no description)";

/** Upper-cased ISO 4217 code ("cad" → "CAD"), or undefined when `raw` is not one. */
export const currencyCode = (raw: string | undefined): string | undefined => {
  const code = raw?.trim().toUpperCase();
  return code && isCurrencyCode(code) ? code : undefined;
};
