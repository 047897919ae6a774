import { currencyCode } from "../clean-text.ts";
import type { Mt940Field } from "./split-fields.ts";

/** Where a message's currency was stated, for error messages. */
export type StatementCurrency = { raw: string; line: number; tag: string };

/** A `:61:` with the `:86:` lines that follow it, and the currency in force where it stands. */
export type Pending = { field: Mt940Field; details: string[]; currency: StatementCurrency | undefined };

/** One MT940/MT942 message: an account's statement (or interim report) for one period. */
export type Mt940Message = {
  /** The first `:25:` as written (trimmed). */
  account: string | undefined;
  /** The first currency the message states: opening balance, :34F:, or a code ending :25:. */
  currency: StatementCurrency | undefined;
  lines: Pending[];
};

/**
 * Splits fields into messages: a message ends at a "-" line and a new one starts at `:20:`
 * (the transaction reference every message opens with); a `:61:` collects the `:86:` lines that
 * follow it until the next other tag.
 */
export const splitMessages = (fields: readonly Mt940Field[]): Mt940Message[] => {
  const messages: Mt940Message[] = [];
  let message: Mt940Message | undefined;
  let currency: StatementCurrency | undefined;
  let pending: Pending | undefined;
  for (const f of fields) {
    if (pending && (f.tag === "86" || f.tag === "NS")) {
      if (f.tag === "86") pending.details.push(f.value);
      continue;
    }
    pending = undefined;
    if (f.tag === "-" || (f.tag === "20" && message && !isEmpty(message))) {
      // Its own opening balance will say the next message's currency.
      message = undefined;
      currency = undefined;
      if (f.tag === "-") continue;
    }
    if (!message) {
      message = { account: undefined, currency: undefined, lines: [] };
      messages.push(message);
    }
    switch (f.tag) {
      case "25":
        message.account ??= f.value.trim() || undefined;
        currency ??= fromAccount(f);
        message.currency ??= currency;
        break;
      case "60F":
      case "60M":
      case "34F":
        currency = { raw: currencyOfBalance(f), line: f.line, tag: f.tag };
        message.currency ??= currency;
        break;
      case "61":
        pending = { field: f, details: [], currency };
        message.lines.push(pending);
        break;
    }
  }
  return messages;
};

const isEmpty = (m: Mt940Message): boolean =>
  m.account === undefined && m.currency === undefined && m.lines.length === 0;

// :60F:C110522EUR3236,28 — mark, YYMMDD, currency; :34F:EURD0,00 — currency first.
const currencyOfBalance = (f: Mt940Field): string => (f.tag === "34F" ? f.value.slice(0, 3) : f.value.slice(7, 10));

// Legacy Rabobank / Raiffeisen :25: ends with the currency: "1291.99.348EUR", ".../HUF".
const fromAccount = (f: Mt940Field): StatementCurrency | undefined => {
  const code = /([A-Z]{3})\s*$/.exec(f.value)?.[1];
  return code && currencyCode(code) ? { raw: code, line: f.line, tag: f.tag } : undefined;
};
