/** Marks text cut to fit a field, so nobody mistakes it for the bank's whole text. */
const ELLIPSIS = "…";

/**
 * Bank free text as a field can store it: NULs removed (PostgreSQL text cannot hold them),
 * whitespace runs collapsed and trimmed, and text longer than `max` characters cut to
 * `max - 1` characters plus "…". Counted in code points, so a cut never splits an emoji's
 * surrogate pair. `cut` says whether anything beyond NULs and whitespace was lost.
 */
export const fitText = (text: string, max: number): { text: string; cut: boolean } => {
  let clean = text.includes("\u0000") ? text.replaceAll("\u0000", "") : text;
  if (/\s\s|^\s|\s$|[\t\n\r]/.test(clean)) clean = clean.replace(/\s+/g, " ").trim();
  // Most bank text is short: only long text pays for splitting into code points.
  if (clean.length <= max) return { text: clean, cut: false };
  const points = Array.from(clean);
  if (points.length <= max) return { text: clean, cut: false };
  return { text: points.slice(0, max - 1).join("") + ELLIPSIS, cut: true };
};
