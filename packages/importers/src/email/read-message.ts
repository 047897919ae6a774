import { hash } from "node:crypto";
import { simpleParser } from "mailparser";
import { isoDate } from "../dates/iso-date.ts";
import { monthFromName } from "../dates/month-names.ts";
import { htmlToText } from "./html-text.ts";
import { tidyText } from "./mail-text.ts";

/** What the extractors read of one mail. */
export type MailContent = {
  /** Message-ID without angle brackets, or `sha256:<32 hex>` of the raw bytes when the mail has none. */
  messageId: string;
  /** Sender's address, lower case ("" when absent). */
  fromAddress: string;
  /** Sender's display name ("" when absent). */
  fromName: string;
  subject: string;
  /** The Date header's calendar day as the sender wrote it (its own offset), or undefined. */
  headerDate: string | undefined;
  /** Tidy body text (tidyText): the HTML part when there is one, else the plain-text part. */
  text: string;
};

// HTML beyond this is not a receipt (mailparser's own default cap is 15 MB; a huge mail stays cheap).
const MAX_HTML = 2_000_000;

const stripBrackets = (id: string): string => id.trim().replace(/^<+/, "").replace(/>+$/, "").trim();

/** Day of the raw Date header ("Sat, 1 May 2021 21:45:08 +0100" is 1 May, whatever UTC says). */
const headerDay = (raw: string | undefined, parsed: Date | undefined): string | undefined => {
  const m = raw ? /(\d{1,2})\s+([A-Za-z]{3})[a-z]*\s+(\d{4})/.exec(raw) : null;
  const month = m ? monthFromName(m[2] ?? "") : undefined;
  const fromText = m && month ? isoDate(Number(m[3]), month, Number(m[1])) : undefined;
  if (fromText) return fromText;
  if (parsed && !Number.isNaN(parsed.getTime()))
    return isoDate(parsed.getUTCFullYear(), parsed.getUTCMonth() + 1, parsed.getUTCDate());
  return undefined;
};

/** Parses the MIME structure (mailparser: charsets, encodings, multiparts) into what extractors read. */
export const readMessage = async (raw: Uint8Array | string): Promise<MailContent> => {
  const buffer =
    typeof raw === "string" ? Buffer.from(raw, "utf8") : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  const mail = await simpleParser(buffer, {
    skipHtmlToText: true,
    skipTextToHtml: true,
    skipImageLinks: true,
    maxHtmlLengthToParse: MAX_HTML,
  });
  const id = mail.messageId ? stripBrackets(mail.messageId) : "";
  const from = mail.from?.value[0];
  const rawDate = mail.headerLines.find((h) => h.key === "date")?.line.replace(/^date:\s*/i, "");
  const html = typeof mail.html === "string" ? mail.html.slice(0, MAX_HTML) : "";
  const body = html ? htmlToText(html) : (mail.text ?? "");
  return {
    messageId: id || `sha256:${hash("sha256", buffer, "hex").slice(0, 32)}`,
    fromAddress: (from?.address ?? "").toLowerCase(),
    fromName: from?.name ?? "",
    subject: mail.subject ?? "",
    headerDate: headerDay(rawDate, mail.date),
    text: tidyText(body),
  };
};

/** The id to report for a mail that could not be parsed at all. */
export const fallbackMessageId = (raw: Uint8Array | string): string =>
  `sha256:${hash("sha256", typeof raw === "string" ? Buffer.from(raw, "utf8") : raw, "hex").slice(0, 32)}`;
