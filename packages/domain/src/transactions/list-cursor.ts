import { z } from "zod";
import { IsoDate, Uuid } from "../shared/schemas.ts";

/** The (date, id) of the last item of a page: the next page starts strictly after it. */
export type ListCursor = { date: string; id: string };

// IsoDate keeps a forged cursor's date in the accepted range: PostgreSQL would take
// year 0000 and answer 500 for what `date` can't hold.
const CursorPayload = z.object({ d: IsoDate, i: Uuid }).strict();

const INVALID = "is not a valid page cursor";

/** Base64url JSON of a cursor's payload, or undefined when it isn't even that. */
const payloadOf = (text: string): unknown => {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(text)) return undefined;
  try {
    return JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
};

/** Opaque to clients: base64url JSON of the last item's sort key. */
export const encodeCursor = (c: ListCursor): string =>
  Buffer.from(JSON.stringify({ d: c.date, i: c.id })).toString("base64url");

/** The cursor's sort key, or undefined when it was not made by `encodeCursor` (tampered, truncated). */
export const decodeCursor = (text: string): ListCursor | undefined => {
  const parsed = CursorPayload.safeParse(payloadOf(text));
  return parsed.success ? { date: parsed.data.d, id: parsed.data.i } : undefined;
};

/** Why a cursor can't be used, for the 400 naming `cursor`; undefined when it is fine. */
const cursorProblem = (text: string): string | undefined => {
  const parsed = CursorPayload.safeParse(payloadOf(text));
  if (parsed.success) return undefined;
  const date = parsed.error.issues.find((i) => i.path[0] === "d" && i.code === "custom");
  return date ? `${INVALID}: its date ${date.message}` : INVALID;
};

/** A cursor query parameter: checked here so a bad one is a 400 naming `cursor`. */
export const CursorParam = z.string().superRefine((s, ctx) => {
  const problem = cursorProblem(s);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});
