import { inventedNumber } from "./numbers-in-text.ts";
import { securitiesAdvice } from "./securities-advice.ts";

/** The default longest nudge, in characters: two short sentences on a phone's notification. */
export const NUDGE_MAX_LENGTH = 280;

/**
 * Why an LLM's text cannot be shown, or undefined when it can: empty or too long, a number that
 * is not one of the figures given (numbers-in-text.ts states the matching rule), or advice on
 * securities (securities-advice.ts states its limits).
 */
export const validateNudgeText = (
  text: string,
  facts: Record<string, unknown>,
  maxLength = NUDGE_MAX_LENGTH,
): string | undefined => {
  const t = text.trim();
  if (t.length === 0) return "empty_answer";
  if (t.length > maxLength) return "too_long";
  const invented = inventedNumber(t, facts);
  if (invented !== undefined) return `invented_number: ${invented}`;
  if (securitiesAdvice(t) !== undefined) return "securities_advice";
  return undefined;
};
