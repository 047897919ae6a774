import type { NudgeKind } from "@fincoach/db";
import { CADENCE_WORDS, MESSAGES, NUDGE_LOCALES, type NudgeLocale } from "./messages.ts";
import type { NudgeFacts } from "./nudge-facts.ts";

/** The catalog's locale for a requested one ("es-MX" -> "es"); unknown -> "en". */
export const catalogLocale = (locale: string): NudgeLocale => {
  const base = locale.toLowerCase().split(/[-_]/)[0];
  return (NUDGE_LOCALES as readonly string[]).includes(base ?? "") ? (base as NudgeLocale) : "en";
};

/** Which variant of a kind's message fits its facts (ICU's plural/select, decided here). */
const variantOf = (n: NudgeFacts): string => {
  const f = n.facts as Record<string, unknown>;
  switch (n.kind as NudgeKind) {
    case "budget_slip":
      return f.daysLeft === 0 ? "zero" : f.daysLeft === 1 ? "one" : "other";
    case "goal_progress":
      if (f.percent === "100.0") return "reached";
      return f.onTrack || f.requiredMonthlySaving === null ? "on_track" : "behind";
    case "debt_progress":
      return f.monthsLeft === 1 ? "one" : "other";
    default:
      return "other";
  }
};

const utcDate = (iso: string) => new Date(`${iso.length === 7 ? `${iso}-01` : iso}T00:00:00Z`);

/**
 * Formats one placeholder. Amounts are decimal strings and Intl.NumberFormat formats a string
 * exactly (no float in between), so "1234.50" never prints as 1234.4999.
 */
const formatValue = (value: unknown, style: string | undefined, locale: string, currency: string): string => {
  const text = String(value);
  if (style === "number, currency")
    return new Intl.NumberFormat(locale, { style: "currency", currency }).format(text as Intl.StringNumericLiteral);
  if (style === "number")
    return new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(text as Intl.StringNumericLiteral);
  if (style === "date")
    return new Intl.DateTimeFormat(locale, { day: "numeric", month: "long", timeZone: "UTC" }).format(utcDate(text));
  if (style === "date, long")
    return new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" }).format(utcDate(text));
  if (style === "cadence") return CADENCE_WORDS[catalogLocale(locale)][text] ?? text;
  if (style === "month")
    return new Intl.DateTimeFormat(locale, { month: "long", year: "numeric", timeZone: "UTC" }).format(utcDate(text));
  return text;
};

/**
 * The nudge's text from the catalog: deterministic for the same facts and locale. `locale` is
 * the person's (it decides number and date formats, "en-GB" included); the catalog's language
 * is its base. A placeholder without a fact is a programming error and throws.
 */
export const renderTemplate = (n: NudgeFacts, locale: string): string => {
  const messages = MESSAGES[catalogLocale(locale)];
  const key = `${n.kind}.${variantOf(n)}`;
  const message = messages[key];
  if (message === undefined) throw new Error(`no message ${key}`);
  const facts = n.facts as Record<string, unknown>;
  const currency = String(facts.currency);
  return message.replace(/\{(\w+)(?:, ([\w, ]+))?\}/g, (_, name: string, style: string | undefined) => {
    if (facts[name] === undefined || facts[name] === null) throw new Error(`message ${key} needs ${name}`);
    return formatValue(facts[name], style, locale, currency);
  });
};
