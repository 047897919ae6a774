import { readFile } from "node:fs/promises";
import { join } from "node:path";

const EMAILS = join(import.meta.dirname, "../../testdata/emails");

const base64Lines = (body: Buffer): string => (body.toString("base64").match(/.{1,76}/g) ?? []).join("\r\n");

/**
 * A bare HTML body of the e-mail corpus (testdata/emails; the authors removed the headers) as
 * the raw message a mailbox holds: the sender's usual From address, the given Date, and
 * Message-ID `<file name>@e2e.test`. Base64 keeps long HTML lines under RFC 5322's limit.
 */
export const corpusMail = async (file: string, from: string, date: string): Promise<Buffer> => {
  const body = await readFile(join(EMAILS, file));
  const name = file.split("/").at(-1) ?? file;
  return Buffer.from(
    [
      `From: ${from}`,
      "To: Test User <user@example.test>",
      "Subject: Notification",
      `Date: ${date}`,
      `Message-ID: <${name}@e2e.test>`,
      "MIME-Version: 1.0",
      "Content-Type: text/html; charset=utf-8",
      "Content-Transfer-Encoding: base64",
      "",
      base64Lines(body),
      "",
    ].join("\r\n"),
  );
};
