import { invalidField } from "@fincoach/errors";
import { z } from "zod";
import { Uuid } from "../shared/schemas.ts";

/** The (createdAt, id) of a page's last alert: the next page starts strictly after it. */
export type AlertCursor = { createdAt: string; id: string };

const Payload = z.object({ t: z.iso.datetime(), i: Uuid }).strict();

/** Opaque to clients: base64url JSON of the last alert's sort key. */
export const encodeAlertCursor = (c: AlertCursor): string =>
  Buffer.from(JSON.stringify({ t: c.createdAt, i: c.id })).toString("base64url");

/** The cursor's sort key, or VALIDATION naming `cursor` when it was not made by encodeAlertCursor. */
export const decodeAlertCursor = (text: string): AlertCursor => {
  let parsed: unknown;
  try {
    parsed = /^[A-Za-z0-9_-]{1,300}$/.test(text)
      ? JSON.parse(Buffer.from(text, "base64url").toString("utf8"))
      : undefined;
  } catch {
    parsed = undefined;
  }
  const result = Payload.safeParse(parsed);
  if (!result.success) throw invalidField("cursor", "is not a valid page cursor");
  return { createdAt: result.data.t, id: result.data.i };
};
