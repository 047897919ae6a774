import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseTransactionEmail } from "./parse-transaction-email.ts";
import { rfc822 } from "./test-support/rfc822.ts";
import type { EmailParseOptions } from "./types.ts";

const mail = (body: string, subject = "Your receipt", extra: { date?: string; from?: string } = {}) =>
  rfc822(
    {
      from: extra.from ?? "Shop <noreply@shop.example>",
      subject,
      date: extra.date ?? "Tue, 5 Mar 2024 10:00:00 +0000",
      messageId: "m1@shop.example",
    },
    body,
    "text/plain",
  );

const parse = async (raw: string, options?: EmailParseOptions) => {
  const result = await parseTransactionEmail(raw, options);
  assert.equal(result.kind, "transactions", result.kind === "skipped" ? result.reason : "");
  if (result.kind !== "transactions") throw new Error("unreachable");
  assert.equal(result.template, null);
  assert.equal(result.drafts.length, 1);
  return result.drafts[0]!;
};

describe("the general extractor (unknown senders)", () => {
  it("reads an English card alert: amount, merchant after 'at', card ending, date in the body", async () => {
    const draft = await parse(
      mail("Your card ending in 1234 was charged $1,234.56 at Blue Bottle Coffee on 2024-03-02.", "Card alert"),
      { defaultCurrency: "USD" },
    );
    assert.deepEqual(
      { ...draft, confidence: undefined },
      {
        date: "2024-03-02",
        amount: "-1234.56",
        currency: "USD",
        description: "Card alert",
        merchant: "Blue Bottle Coffee",
        accountHint: "1234",
        externalId: "m1@shop.example",
        confidence: undefined,
      },
    );
    assert.ok(draft.confidence >= 0.7 && draft.confidence <= 0.85, String(draft.confidence));
  });

  it("reads a Spanish alert with a continental amount and 'terminación'", async () => {
    const draft = await parse(
      mail(
        "Compra por 1.234,56 € en MERCADONA con tu tarjeta terminación 9876 el 1 de marzo de 2024.",
        "Aviso de compra",
      ),
    );
    assert.equal(draft.amount, "-1234.56");
    assert.equal(draft.currency, "EUR");
    assert.equal(draft.merchant, "MERCADONA");
    assert.equal(draft.accountHint, "9876");
    assert.equal(draft.date, "2024-03-01");
  });

  it("prefers the total over other amounts and reads 'merchant:'", async () => {
    const body = ["Merchant: Corner Books", "Subtotal: £10.00", "VAT: £2.00", "Total paid: £12.00"].join("\n");
    const draft = await parse(mail(body));
    assert.equal(draft.amount, "-12.00");
    assert.equal(draft.currency, "GBP");
    assert.equal(draft.merchant, "Corner Books");
  });

  it("signs refunds and money received as income", async () => {
    const draft = await parse(mail("We have refunded €25.00 to your card ending 4321.", "Refund issued"));
    assert.equal(draft.amount, "25.00");
    assert.equal(draft.accountHint, "4321");
  });

  it("falls back to the Date header's own calendar day, then to receivedAt", async () => {
    const late = await parse(
      mail("Payment of $5.00 received by Acme", "Payment", { date: "Tue, 5 Mar 2024 23:30:00 -0500" }),
    );
    assert.equal(late.date, "2024-03-05", "the sender's day, not UTC's 6 March");
    const noHeader = mail("Payment of $5.00 to Acme").replace(/^Date: .*\r\n/m, "");
    const arrived = await parse(noHeader, { receivedAt: new Date("2024-04-01T12:00:00Z") });
    assert.equal(arrived.date, "2024-04-01");
    const result = await parseTransactionEmail(noHeader);
    assert.deepEqual(result, { kind: "skipped", messageId: "m1@shop.example", reason: "no date found" });
  });

  it("is less sure of a bare '$' without a mailbox currency", async () => {
    const body = "Payment of $5.00 to Acme on 2024-03-01";
    const guessed = await parse(mail(body));
    const told = await parse(mail(body), { defaultCurrency: "CAD" });
    assert.equal(guessed.currency, "USD");
    assert.equal(told.currency, "CAD");
    assert.ok(guessed.confidence < told.confidence);
  });

  it("skips mail without money, account notices and newsletters, with a reason", async () => {
    const cases: [string, string, string][] = [
      ["Hello, see you on Friday.", "Lunch", "no amount found"],
      [
        "Your card ending in 1234 has been blocked. Your available limit is $5,000.00.",
        "Security",
        "account notice: card blocked",
      ],
      ["Your credit limit has been increased to £3,000.00.", "Good news", "account notice: limit change"],
      ["Big sale! Everything £5.00 and more.", "Newsletter", "not a transaction e-mail"],
    ];
    for (const [body, subject, reason] of cases) {
      assert.deepEqual(await parseTransactionEmail(mail(body, subject)), {
        kind: "skipped",
        messageId: "m1@shop.example",
        reason,
      });
    }
  });

  it("names a mail without Message-ID by the hash of its bytes, so a re-sync finds the same id", async () => {
    const raw = mail("Payment of £5.00 to Acme").replace(/^Message-ID: .*\r\n/m, "");
    const a = await parseTransactionEmail(raw);
    const b = await parseTransactionEmail(Buffer.from(raw));
    assert.match(a.messageId, /^sha256:[0-9a-f]{32}$/);
    assert.equal(a.messageId, b.messageId);
  });

  it("reads a known sender's mail forwarded from elsewhere by its body, a little less surely", async () => {
    const body =
      "Operación:\nTransferencias Rápidas\nFecha de Operación:\n21/Oct/2019\nImporte:\n$600.00 MN\nGracias por utilizar Banorte Móvil";
    const direct = await parseTransactionEmail(mail(body, "Banorte", { from: "alertas@banorte.com" }));
    const forwarded = await parseTransactionEmail(mail(body, "Fwd: Banorte", { from: "me@example.com" }));
    assert.equal(direct.kind === "transactions" && direct.template, "banorte-alert");
    assert.equal(forwarded.kind === "transactions" && forwarded.template, "banorte-alert");
    if (direct.kind !== "transactions" || forwarded.kind !== "transactions") return;
    assert.equal(forwarded.drafts[0]?.amount, "-600.00");
    assert.ok(forwarded.confidence < direct.confidence);
  });
});
