import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseTransactionEmail } from "../parse-transaction-email.ts";
import { generateTransactionEmails } from "./generate-emails.ts";

describe("generateTransactionEmails", () => {
  it("is deterministic for a seed and differs between seeds", () => {
    const a = generateTransactionEmails(50, 7);
    assert.deepEqual(generateTransactionEmails(50, 7), a);
    assert.notDeepEqual(
      generateTransactionEmails(50, 8).map((m) => m.raw),
      a.map((m) => m.raw),
    );
    assert.equal(new Set(a.map((m) => m.messageId)).size, 50);
  });

  it("yields mails that parse to exactly the outcome it promises, across every kind", async () => {
    const mails = generateTransactionEmails(400, 42);
    const kinds = new Set<string>();
    for (const mail of mails) {
      const result = await parseTransactionEmail(mail.raw);
      assert.equal(result.messageId, mail.messageId);
      if (mail.expected.kind === "skipped") {
        kinds.add("skipped");
        assert.deepEqual(result, { kind: "skipped", messageId: mail.messageId, reason: mail.expected.reason });
        continue;
      }
      assert.equal(result.kind, "transactions", `${mail.messageId}: ${result.kind === "skipped" ? result.reason : ""}`);
      if (result.kind !== "transactions") continue;
      kinds.add(String(result.template));
      assert.equal(result.template, mail.expected.template, mail.messageId);
      assert.deepEqual(
        result.drafts.map(({ date, amount, currency, merchant, accountHint }) => ({
          date,
          amount,
          currency,
          merchant,
          accountHint,
        })),
        mail.expected.drafts,
        mail.messageId,
      );
    }
    assert.deepEqual([...kinds].sort(), ["amazon-order", "banorte-alert", "null", "paypal-receipt", "skipped"]);
  });
});
