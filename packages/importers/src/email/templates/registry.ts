import { amazonOrder } from "./amazon.ts";
import { banorteAlert } from "./banorte.ts";
import { ebayOrder } from "./ebay.ts";
import { paypalReceipt } from "./paypal.ts";
import type { SenderTemplate } from "./template.ts";

/**
 * Known senders, tried in order; the first whose From address matches wins, else the first
 * whose body markers match. Adding a sender: a module beside these exporting a SenderTemplate,
 * listed here, with its real mails under testdata/emails and their expected drafts.
 */
export const SENDER_TEMPLATES: readonly SenderTemplate[] = [banorteAlert, amazonOrder, ebayOrder, paypalReceipt];

/** The template for a mail and how it matched, or undefined for the general extractor. */
export const findTemplate = (
  mail: Parameters<SenderTemplate["matches"]>[0],
): { template: SenderTemplate; by: "sender" | "body" } | undefined => {
  const matched = SENDER_TEMPLATES.map((template) => ({ template, by: template.matches(mail) }));
  const bySender = matched.find((m) => m.by === "sender");
  if (bySender) return { template: bySender.template, by: "sender" };
  const byBody = matched.find((m) => m.by === "body");
  return byBody ? { template: byBody.template, by: "body" } : undefined;
};
