import { readdirSync, readFileSync, statSync } from "node:fs";
import { rfc822 } from "./rfc822.ts";

/** The repository's copy of the e-mail corpus (see its SOURCE.md files). */
export const CORPUS_DIR = new URL("../../../../../testdata/emails/", import.meta.url);

/** Every corpus file (relative path), the .md notes aside. */
export const corpusFiles = (): string[] => {
  const walk = (rel: string): string[] =>
    readdirSync(new URL(rel, CORPUS_DIR)).flatMap((name) => {
      const path = `${rel}${name}`;
      return statSync(new URL(path, CORPUS_DIR)).isDirectory() ? walk(`${path}/`) : [path];
    });
  return walk("")
    .filter((p) => !p.endsWith(".md"))
    .sort();
};

// The corpus keeps bodies only (the authors removed headers with personal data): each is
// wrapped with its sender's usual From address; Date and Subject are invented per file.
const SENDERS: readonly [string, string][] = [
  ["banorte-bank-alerts/", "Banorte <notificaciones@banorte.com>"],
  ["uk-receipts/uk_amazon_email/", "Amazon.co.uk <auto-confirm@amazon.co.uk>"],
  ["uk-receipts/uk_ebay_email/", "eBay <ebay@ebay.com>"],
  ["uk-receipts/uk_paypal_email/", "service@paypal.co.uk"],
];

/**
 * A corpus file as the raw message a mailbox would hold: .eml files as they are, HTML bodies
 * wrapped by `rfc822` with Message-ID `<file name>@corpus.test`.
 */
export const corpusMessage = (file: string, sent: string, subject = "Notification"): Buffer => {
  const bytes = readFileSync(new URL(file, CORPUS_DIR));
  if (file.endsWith(".eml")) return bytes;
  const from = SENDERS.find(([prefix]) => file.startsWith(prefix))?.[1] ?? "unknown@example.test";
  const name = file.split("/").at(-1) ?? file;
  return Buffer.from(
    rfc822({ from, subject, date: sent, messageId: `${name}@corpus.test` }, bytes.toString("utf8"), "text/html"),
  );
};
