import { z } from "zod";
import { IsoDate, Uuid } from "../shared/schemas.ts";

/** The (date, id) of the last item of a page: the next page starts strictly after it. */
export type ListCursor = { date: string; id: string };

const CursorPayload = z.object({ d: IsoDate, i: Uuid }).strict();

/** Opaque to clients: base64url JSON of the last item's sort key. */
export const encodeCursor = (c: ListCursor): string =>
  Buffer.from(JSON.stringify({ d: c.date, i: c.id })).toString("base64url");

/** The cursor's sort key, or undefined when it was not made by `encodeCursor` (tampered, truncated). */
export const decodeCursor = (text: string): ListCursor | undefined => {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(text)) return undefined;
  try {
    const parsed = CursorPayload.safeParse(JSON.parse(Buffer.from(text, "base64url").toString("utf8")));
    return parsed.success ? { date: parsed.data.d, id: parsed.data.i } : undefined;
  } catch {
    return undefined;
  }
};

/** A cursor query parameter: checked here so a bad one is a 400 naming `cursor`. */
export const CursorParam = z.string().refine((s) => decodeCursor(s) !== undefined, "is not a valid page cursor");
