import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseAmountText } from "@fincoach/money";
import { parseTransactionEmail } from "./parse-transaction-email.ts";
import { corpusFiles, corpusMessage } from "./test-support/corpus.ts";
import type { EmailTransactionDraft } from "./types.ts";

type Expected = Omit<EmailTransactionDraft, "externalId" | "confidence">;
type Case = { sent: string; template?: string; drafts?: Expected[]; skipped?: string };

const d = (
  date: string,
  amount: string,
  currency: string,
  description: string,
  merchant: string | null,
  accountHint: string | null,
): Expected => ({ date, amount, currency, description, merchant, accountHint });

const MX = "-0600";
// Every corpus file and what it must yield. `sent` is the Date header the test wraps a bare body
// with: the transaction date only where the body states none (eBay, some Amazon and PayPal mails).
const CASES: Record<string, Case> = {
  "banorte-bank-alerts/account-info-email.html": {
    sent: `Tue, 17 Dec 2019 13:58:30 ${MX}`,
    skipped: "account notice: account information inquiry",
  },
  "banorte-bank-alerts/cash-withdrawal-alt-email.html": {
    sent: `Tue, 14 May 2019 20:16:00 ${MX}`,
    template: "banorte-alert",
    drafts: [d("2019-05-14", "-337.88", "MXN", "DISPOSICION DE EFECTIVO", null, "1111")],
  },
  "banorte-bank-alerts/cash-withdrawal-email.html": {
    sent: `Fri, 4 Oct 2019 14:27:00 ${MX}`,
    template: "banorte-alert",
    drafts: [d("2019-10-04", "-100.00", "MXN", "RETIRO DE EFECTIVO", null, "0000")],
  },
  "banorte-bank-alerts/charge-email.html": {
    sent: `Mon, 10 Feb 2020 08:15:00 ${MX}`,
    template: "banorte-alert",
    drafts: [d("2020-02-10", "-63.37", "MXN", "COMPRA EN UBER TRIP HELP.UBER.CO", "UBER TRIP HELP.UBER.CO", "0000")],
  },
  "banorte-bank-alerts/credit-card-payment-other-banks-email.html": {
    sent: `Fri, 27 Mar 2020 17:11:00 ${MX}`,
    template: "banorte-alert",
    drafts: [d("2020-03-27", "-2754.00", "MXN", "Pago de Tarjeta de Crédito Otros Bancos", "OTRO USUARIO", "2222")],
  },
  "banorte-bank-alerts/debit-card-blocked-email.html": {
    sent: `Tue, 12 Nov 2019 08:57:00 ${MX}`,
    skipped: "account notice: card blocked",
  },
  // Upstream reads a deposit instruction as an expense; the SPEI devolution of the same 792.00
  // at the same second is that money coming back.
  "banorte-bank-alerts/deposit-email.html": {
    sent: `Thu, 31 Oct 2019 13:42:00 ${MX}`,
    template: "banorte-alert",
    drafts: [
      d("2019-10-31", "-792.00", "MXN", "Instrucción de Depósito: Pago del cine", "USUARIO BBVA BANCOMER", "0000"),
    ],
  },
  "banorte-bank-alerts/digital-debit-card-activated-email.html": {
    sent: `Sun, 25 Aug 2019 13:08:00 ${MX}`,
    skipped: "account notice: card activated",
  },
  "banorte-bank-alerts/digital-debit-card-blocked-email.html": {
    sent: `Thu, 22 Aug 2019 20:29:00 ${MX}`,
    skipped: "account notice: card blocked",
  },
  "banorte-bank-alerts/digital-debit-card-canceled-email.html": {
    sent: `Sun, 25 Aug 2019 13:08:00 ${MX}`,
    skipped: "account notice: card cancelled",
  },
  "banorte-bank-alerts/fast-transfer-banorte-email.html": {
    sent: `Mon, 21 Oct 2019 11:24:00 ${MX}`,
    template: "banorte-alert",
    drafts: [d("2019-10-21", "-600.00", "MXN", "Transferencias Rápidas: Cosas", null, "1111")],
  },
  // The fee ($3.00 + IVA $0.48) leaves the account too: a second transaction, id `<Message-ID>:2`.
  "banorte-bank-alerts/fast-transfer-other-banks-email.html": {
    sent: `Sat, 3 Aug 2019 11:14:00 ${MX}`,
    template: "banorte-alert",
    drafts: [
      d("2019-08-03", "-806.00", "MXN", "Transferencias Rápidas: Open source", "GitHub", "0000"),
      d("2019-08-03", "-3.48", "MXN", "Comisión + IVA: Transferencias Rápidas", "Banorte", "0000"),
    ],
  },
  "banorte-bank-alerts/identification-by-phone-email.html": {
    sent: `Tue, 17 Dec 2019 13:58:10 ${MX}`,
    skipped: "account notice: phone identification",
  },
  "banorte-bank-alerts/limit-modification-email.html": {
    sent: `Mon, 20 May 2019 18:43:00 ${MX}`,
    skipped: "account notice: limit change",
  },
  "banorte-bank-alerts/nip-change-email.html": {
    sent: `Thu, 14 Nov 2019 20:42:00 ${MX}`,
    skipped: "account notice: NIP change",
  },
  "banorte-bank-alerts/phone-recharge-email.html": {
    sent: `Tue, 1 Oct 2019 15:09:00 ${MX}`,
    template: "banorte-alert",
    drafts: [d("2019-10-01", "-200.00", "MXN", "Compra de Tiempo Aire/Paquetes Sin Límite", "Iusacell", "1111")],
  },
  "banorte-bank-alerts/service-payment-email.html": {
    sent: `Wed, 27 Nov 2019 17:08:00 ${MX}`,
    template: "banorte-alert",
    drafts: [d("2019-11-27", "-4000.00", "MXN", "PAGO DE SERVICIOS", null, "0000")],
  },
  "banorte-bank-alerts/spei-devolution-email.html": {
    sent: `Thu, 31 Oct 2019 13:45:00 ${MX}`,
    template: "banorte-alert",
    drafts: [d("2019-10-31", "792.00", "MXN", "Devolución SPEI", null, "0000")],
  },
  "banorte-bank-alerts/spei-income-email.html": {
    sent: `Tue, 28 May 2019 13:42:00 ${MX}`,
    template: "banorte-alert",
    drafts: [d("2019-05-28", "1000.00", "MXN", "Abono SPEI", null, "0000")],
  },
  // The .eml samples are MIME-structure cases without money: skipped, never an error.
  "uk-receipts/sample_emails/html.eml": { sent: "", skipped: "no amount found" },
  "uk-receipts/sample_emails/html2.eml": { sent: "", skipped: "no amount found" },
  "uk-receipts/sample_emails/html3.eml": { sent: "", skipped: "no amount found" },
  "uk-receipts/sample_emails/text.eml": { sent: "", skipped: "no amount found" },
  "uk-receipts/sample_emails/unknown-content-type-multipart.eml": { sent: "", skipped: "no readable text" },
  "uk-receipts/sample_emails/unknown-content-type.eml": { sent: "", skipped: "no readable text" },
  "uk-receipts/uk_amazon_email/sample_html/amazon-order-2018-02-10.html": {
    sent: "Sat, 10 Feb 2018 09:12:00 +0000",
    template: "amazon-order",
    drafts: [d("2018-02-10", "-21.20", "GBP", "Amazon order 202-1391264-5465967", "Amazon", null)],
  },
  // Two orders in one mail, each charged on its own: two transactions.
  "uk-receipts/uk_amazon_email/sample_html/amazon-order-2018-12-11-multiple.html": {
    sent: "Tue, 11 Dec 2018 20:01:00 +0000",
    template: "amazon-order",
    drafts: [
      d("2018-12-11", "-69.95", "GBP", "Amazon order 202-1280919-3000348", "Amazon", null),
      d("2018-12-11", "-15.99", "GBP", "Amazon order 202-9246099-7897914", "Amazon", null),
    ],
  },
  "uk-receipts/uk_amazon_email/sample_html/amazon-order-2020-09-15.html": {
    sent: "Tue, 15 Sep 2020 18:30:00 +0100",
    template: "amazon-order",
    drafts: [d("2020-09-15", "-5.49", "GBP", "Amazon order 202-4472916-7978729", "Amazon", null)],
  },
  "uk-receipts/uk_amazon_email/sample_html/amazon-order-2020-09-28.html": {
    sent: "Mon, 28 Sep 2020 18:30:00 +0100",
    template: "amazon-order",
    drafts: [d("2020-09-28", "-15.99", "GBP", "Amazon order 202-2053039-8624328", "Amazon", null)],
  },
  // No "Placed on" in these layouts: the Date header gives the day.
  "uk-receipts/uk_amazon_email/sample_html/amazon-order-2021-03-11-no-order-details.html": {
    sent: "Thu, 11 Mar 2021 23:40:00 +0000",
    template: "amazon-order",
    drafts: [d("2021-03-11", "-19.99", "GBP", "Amazon order 202-3444084-1493131", "Amazon", null)],
  },
  "uk-receipts/uk_amazon_email/sample_html/amazon-order-2021-11-24-multiple.html": {
    sent: "Sun, 24 Oct 2021 10:00:00 +0100",
    template: "amazon-order",
    drafts: [
      d("2021-10-24", "-3.99", "GBP", "Amazon order 206-6313629-4525134", "Amazon", null),
      d("2021-10-24", "-7.29", "GBP", "Amazon order 206-9030885-7684312", "Amazon", null),
    ],
  },
  "uk-receipts/uk_amazon_email/sample_html/amazon-order-2021-11-24.html": {
    sent: "Wed, 24 Nov 2021 21:05:00 +0000",
    template: "amazon-order",
    drafts: [d("2021-11-24", "-28.98", "GBP", "Amazon order 206-5514028-3502735", "Amazon", null)],
  },
  "uk-receipts/uk_amazon_email/sample_html/amazon-order-2021-11-30.html": {
    sent: "Tue, 30 Nov 2021 08:00:00 +0000",
    template: "amazon-order",
    drafts: [d("2021-11-30", "-8.99", "GBP", "Amazon order 206-9132598-8726713", "Amazon", null)],
  },
  // eBay: one card charge per mail ("Total charged to"), after postage and adjustments.
  "uk-receipts/uk_ebay_email/sample_html/ebay-2018.eml.html": {
    sent: "Wed, 14 Nov 2018 19:20:00 +0000",
    template: "ebay-order",
    drafts: [d("2018-11-14", "-17.44", "GBP", "eBay order", "eBay", null)],
  },
  "uk-receipts/uk_ebay_email/sample_html/ebay-2019.eml.html": {
    sent: "Wed, 11 Dec 2019 12:00:00 +0000",
    template: "ebay-order",
    drafts: [d("2019-12-11", "-2.99", "GBP", "eBay order 07-04271-05709", "saproti", null)],
  },
  "uk-receipts/uk_ebay_email/sample_html/ebay-2021-05.eml.html": {
    sent: "Tue, 20 Apr 2021 07:45:00 +0100",
    template: "ebay-order",
    drafts: [d("2021-04-20", "-7.94", "GBP", "eBay order 15-06943-08636", "eBay", "1629")],
  },
  "uk-receipts/uk_ebay_email/sample_html/ebay-2021-2.eml.html": {
    sent: "Mon, 3 May 2021 22:10:00 +0100",
    template: "ebay-order",
    drafts: [d("2021-05-03", "-8.89", "GBP", "eBay order 11-07016-73964", "dreamyland", "1629")],
  },
  "uk-receipts/uk_ebay_email/sample_html/ebay-2021-two-receipts.eml.html": {
    sent: "Tue, 15 Jun 2021 18:00:00 +0100",
    template: "ebay-order",
    drafts: [d("2021-06-15", "-14.00", "GBP", "eBay order 21-07215-87569", "eBay", "1629")],
  },
  "uk-receipts/uk_ebay_email/sample_html/ebay-2021.eml.html": {
    sent: "Sun, 9 May 2021 23:30:00 +0100",
    template: "ebay-order",
    drafts: [d("2021-05-09", "-13.50", "GBP", "eBay order 07-07036-67346", "danengland15", "1629")],
  },
  "uk-receipts/uk_paypal_email/sample_html/dec-2018-with-extra-postage-message.html": {
    sent: "Wed, 5 Dec 2018 13:37:00 +0000",
    template: "paypal-receipt",
    drafts: [d("2018-12-05", "-13.98", "GBP", "PayPal payment to Prezzybox.com Ltd", "Prezzybox.com Ltd", null)],
  },
  "uk-receipts/uk_paypal_email/sample_html/donation-dec-2017.html": {
    sent: "Mon, 18 Dec 2017 23:24:00 +0000",
    template: "paypal-receipt",
    drafts: [d("2017-12-18", "-50.00", "GBP", "PayPal donation to Anxiety UK", "Anxiety UK", null)],
  },
  "uk-receipts/uk_paypal_email/sample_html/facebook-donation-2020-07.html": {
    sent: "Tue, 28 Jul 2020 20:00:00 +0100",
    template: "paypal-receipt",
    drafts: [
      d("2020-07-28", "-10.00", "GBP", "PayPal payment to PAYPAL GIVING FUND UK", "PAYPAL GIVING FUND UK", null),
    ],
  },
  "uk-receipts/uk_paypal_email/sample_html/jan-2021-01-PLN.html": {
    sent: "Sat, 2 Jan 2021 12:44:00 +0000",
    template: "paypal-receipt",
    drafts: [d("2021-01-02", "-6.00", "PLN", "PayPal payment to emTransit BV", "emTransit BV", null)],
  },
  "uk-receipts/uk_paypal_email/sample_html/june-2018.html": {
    sent: "Fri, 1 Jun 2018 15:28:00 +0100",
    template: "paypal-receipt",
    drafts: [d("2018-06-01", "-4.49", "GBP", "PayPal payment to La Barbiera", "La Barbiera", null)],
  },
  "uk-receipts/uk_paypal_email/sample_html/mar-2019-selling.html": {
    sent: "Thu, 7 Mar 2019 15:25:00 +0000",
    template: "paypal-receipt",
    drafts: [d("2019-03-07", "3.41", "GBP", "PayPal payment from victoriamair", "victoriamair", null)],
  },
  "uk-receipts/uk_paypal_email/sample_html/mar-2021.html": {
    sent: "Sun, 28 Mar 2021 15:13:00 +0100",
    template: "paypal-receipt",
    drafts: [d("2021-03-28", "-14.95", "GBP", "PayPal payment to eBay", "eBay", null)],
  },
  // No date in the body: the Date header's day.
  "uk-receipts/uk_paypal_email/sample_html/merchant-purchase-nov-2015.html": {
    sent: "Sun, 22 Nov 2015 10:15:00 +0000",
    template: "paypal-receipt",
    drafts: [d("2015-11-22", "-32.00", "GBP", "PayPal order from Boots.com", "Boots.com", null)],
  },
  // A basket paid to three sellers: one transaction each (the hidden preheader repeats them: read once).
  "uk-receipts/uk_paypal_email/sample_html/new-format-dec-2015.html": {
    sent: "Mon, 7 Dec 2015 21:00:00 +0000",
    template: "paypal-receipt",
    drafts: [
      d("2015-12-07", "-1.99", "GBP", "PayPal payment to Jivitar Singh Khurana", "Jivitar Singh Khurana", null),
      d("2015-12-07", "-3.75", "GBP", "PayPal payment to Alex Wylde", "Alex Wylde", null),
      d("2015-12-07", "-3.49", "GBP", "PayPal payment to Tanvir Akhtar", "Tanvir Akhtar", null),
    ],
  },
  "uk-receipts/uk_paypal_email/sample_html/new-format-feb-2017.html": {
    sent: "Wed, 1 Feb 2017 12:55:00 +0000",
    template: "paypal-receipt",
    drafts: [
      d(
        "2017-02-01",
        "-1.15",
        "GBP",
        "PayPal payment to AUKEY INTERNATIONAL LIMITED",
        "AUKEY INTERNATIONAL LIMITED",
        null,
      ),
    ],
  },
  "uk-receipts/uk_paypal_email/sample_html/nov-2020-payment.html": {
    sent: "Wed, 11 Nov 2020 19:00:00 +0000",
    template: "paypal-receipt",
    drafts: [
      d("2020-11-11", "-8.49", "GBP", "PayPal payment to JMR Private Limited", "JMR Private Limited", null),
      d("2020-11-11", "-7.99", "GBP", "PayPal payment to ONLINE RETAIL LTD", "ONLINE RETAIL LTD", null),
    ],
  },
  // "The amount due will be collected … after 29 Nov 2020" comes first; the transaction date is 26 Nov.
  "uk-receipts/uk_paypal_email/sample_html/nov-2020-sent-payment.html": {
    sent: "Thu, 26 Nov 2020 16:57:00 +0000",
    template: "paypal-receipt",
    drafts: [d("2020-11-26", "-5.00", "GBP", "PayPal payment to AdBlock", "AdBlock", null)],
  },
  // Named "refund" upstream, but the mail is a payment sent.
  "uk-receipts/uk_paypal_email/sample_html/refund-nov-2015.html": {
    sent: "Thu, 3 Dec 2015 19:14:00 +0000",
    template: "paypal-receipt",
    drafts: [d("2015-12-03", "-12.98", "GBP", "PayPal payment to 121ecig.co.uk", "121ecig.co.uk", null)],
  },
  "uk-receipts/uk_paypal_email/sample_html/totals-in-usd-2020.html": {
    sent: "Fri, 15 May 2020 15:03:00 +0100",
    template: "paypal-receipt",
    drafts: [d("2020-05-15", "-12.71", "USD", "PayPal payment to Porkbun, LLC", "Porkbun, LLC", null)],
  },
};

describe("the e-mail corpus", () => {
  it("has an expected outcome for every file in testdata/emails, and no stale ones", () => {
    assert.deepEqual(Object.keys(CASES).sort(), corpusFiles());
  });

  for (const [file, expected] of Object.entries(CASES)) {
    it(file, async () => {
      const result = await parseTransactionEmail(corpusMessage(file, expected.sent));
      const name = file.split("/").at(-1) ?? "";
      if (!file.endsWith(".eml")) assert.equal(result.messageId, `${name}@corpus.test`);
      if (expected.skipped !== undefined) {
        assert.equal(result.kind, "skipped");
        if (result.kind === "skipped") assert.equal(result.reason, expected.skipped);
        return;
      }
      assert.equal(result.kind, "transactions", result.kind === "skipped" ? result.reason : "");
      if (result.kind !== "transactions") return;
      assert.equal(result.template, expected.template);
      assert.deepEqual(
        result.drafts.map(({ externalId: _id, confidence: _c, ...fields }) => fields),
        expected.drafts,
      );
      for (const [i, draft] of result.drafts.entries()) {
        assert.equal(draft.externalId, i === 0 ? result.messageId : `${result.messageId}:${i + 1}`);
        assert.ok(draft.confidence >= 0.8 && draft.confidence <= 1, `${draft.confidence}`);
        // Exact decimal text that the strict grammar reads back to the same value.
        assert.match(draft.amount, /^-?\d+\.\d{2}$/);
        parseAmountText(draft.amount, { currency: draft.currency });
      }
      assert.equal(result.confidence, Math.min(...result.drafts.map((x) => x.confidence)));
      assert.deepEqual(result.skipped, []);
    });
  }

  it("keeps a .eml file's own Message-ID, without angle brackets", async () => {
    const result = await parseTransactionEmail(corpusMessage("uk-receipts/sample_emails/text.eml", ""));
    assert.equal(result.messageId, "CA+CGoMcFph42RU6DH-vCNnrN7rK=i_NAN24SsNurPKNvBp6yhg@mail.gmail.com");
  });
});
