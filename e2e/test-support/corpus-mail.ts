import { readFile } from "node:fs/promises";
import { join } from "node:path";

const EMAILS = join(import.meta.dirname, "../../testdata/emails");

const base64Lines = (body: Buffer): string => (body.toString("base64").match(/.{1,76}/g) ?? []).join("\r\n");

/**
 * A bare HTML body of the e-mail corpus (testdata/emails; the authors removed the headers) as
 * the raw message a mailbox holds: the sender's usual From address, the given Date, and
 * Message-ID `<file name>@e2e.test` (or `messageId`). `edit` rewrites the HTML first (another
 * amount: many distinct mails from one template). Base64 keeps long HTML lines under RFC
 * 5322's limit.
 */
export const corpusMail = async (
  file: string,
  from: string,
  date: string,
  o: { messageId?: string; edit?: (html: string) => string } = {},
): Promise<Buffer> => {
  const raw = await readFile(join(EMAILS, file));
  const body = o.edit ? Buffer.from(o.edit(raw.toString("utf8"))) : raw;
  const name = o.messageId ?? `${file.split("/").at(-1) ?? file}@e2e.test`;
  return Buffer.from(
    [
      `From: ${from}`,
      "To: Test User <user@example.test>",
      "Subject: Notification",
      `Date: ${date}`,
      `Message-ID: <${name}>`,
      "MIME-Version: 1.0",
      "Content-Type: text/html; charset=utf-8",
      "Content-Transfer-Encoding: base64",
      "",
      base64Lines(body),
      "",
    ].join("\r\n"),
  );
};
