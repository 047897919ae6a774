import { accountNoticeReason } from "./account-notice.ts";
import { extractGeneral } from "./general-extractor.ts";
import { fallbackMessageId, readMessage } from "./read-message.ts";
import { findTemplate } from "./templates/registry.ts";
import type { EmailParseOptions, EmailParseResult, EmailTransactionDraft, SkippedEmailItem } from "./types.ts";

const utcDay = (d: Date | undefined): string | undefined =>
  d && !Number.isNaN(d.getTime()) ? d.toISOString().slice(0, 10) : undefined;

// A template recognised by its body markers alone (a forwarded mail) is a little less sure.
const BODY_MATCH_PENALTY = 0.05;
// A date taken from the Date header or the arrival time, not from the body.
const FALLBACK_DATE_PENALTY = 0.05;

/**
 * Reads one e-mail (RFC 822 bytes or text) into transaction drafts, or says why it holds none.
 * Known senders go through their template (templates/registry.ts), others through the general
 * extractor. Never throws: a mail that cannot be read is skipped with the reason.
 * See docs/email-parsing.md.
 */
export const parseTransactionEmail = async (
  raw: Uint8Array | string,
  options: EmailParseOptions = {},
): Promise<EmailParseResult> => {
  let messageId = "";
  try {
    const mail = await readMessage(raw);
    messageId = mail.messageId;
    const found = findTemplate(mail);
    if (!found) {
      const notice = accountNoticeReason(`${mail.subject}\n${mail.text}`);
      if (notice) return { kind: "skipped", messageId, reason: notice };
    }
    const outcome = found ? found.template.extract(mail, options) : extractGeneral(mail, options);
    if (outcome.kind === "skipped") return { kind: "skipped", messageId, reason: outcome.reason };
    const drafts: EmailTransactionDraft[] = [];
    const skipped: SkippedEmailItem[] = [];
    for (const [i, t] of outcome.items.entries()) {
      // Ids follow the item's place in the mail, skipped or not, so a later read that can date
      // the skipped one gives it the same id and leaves its neighbours' ids alone.
      const externalId = i === 0 ? messageId : `${messageId}:${i + 1}`;
      const date = t.date ?? mail.headerDate ?? utcDay(options.receivedAt);
      if (!date) {
        // Only this transaction is left out: its neighbours dated in the body are still good.
        skipped.push({ externalId, reason: "no date found" });
        continue;
      }
      let confidence = t.confidence;
      if (!t.date) confidence -= FALLBACK_DATE_PENALTY;
      if (found?.by === "body") confidence -= BODY_MATCH_PENALTY;
      drafts.push({
        date,
        amount: t.amount,
        currency: t.currency,
        description: t.description.slice(0, 500),
        merchant: t.merchant === null ? null : t.merchant.slice(0, 200),
        accountHint: t.accountHint,
        externalId,
        confidence: Math.round(Math.max(confidence, 0) * 100) / 100,
      });
    }
    // Every item undated means the mail has no date at all (no Date header, no arrival time):
    // a fault of the mail, which is skipped as one, as a mail without transactions is.
    if (drafts.length === 0) {
      return { kind: "skipped", messageId, reason: skipped.length > 0 ? "no date found" : "no amount found" };
    }
    return {
      kind: "transactions",
      messageId,
      drafts,
      skipped,
      template: found?.template.id ?? null,
      confidence: Math.min(...drafts.map((d) => d.confidence)),
    };
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return { kind: "skipped", messageId: messageId || fallbackMessageId(raw), reason: `unreadable message: ${why}` };
  }
};
