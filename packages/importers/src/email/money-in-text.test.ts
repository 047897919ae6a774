import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { findDates } from "./dates-in-text.ts";
import { findAmounts } from "./money-in-text.ts";

const read = (text: string, defaultCurrency?: string) =>
  findAmounts(text, { defaultCurrency }).map((a) => ({
    amount: `${a.negative ? "-" : ""}${a.decimal}`,
    currency: a.money.currency,
    guessed: a.currencyGuessed,
    assumed: a.separatorAssumed,
  }));

describe("findAmounts", () => {
  const cases: [
    string,
    string | undefined,
    { amount: string; currency: string; guessed: boolean; assumed: boolean },
  ][] = [
    ["Total: $1,234.56", undefined, { amount: "1234.56", currency: "USD", guessed: true, assumed: false }],
    ["Total: $1,234.56", "MXN", { amount: "1234.56", currency: "MXN", guessed: false, assumed: false }],
    ["Order total £12.99", undefined, { amount: "12.99", currency: "GBP", guessed: false, assumed: false }],
    ["Importe 1.234,56 €", undefined, { amount: "1234.56", currency: "EUR", guessed: false, assumed: false }],
    ["Importe: $ 63.37 MN", undefined, { amount: "63.37", currency: "MXN", guessed: false, assumed: false }],
    ["Retiro Cuenta: $100.00 MXN", undefined, { amount: "100.00", currency: "MXN", guessed: false, assumed: false }],
    ["MXN 2,754.00", undefined, { amount: "2754.00", currency: "MXN", guessed: false, assumed: false }],
    ["payment of 6.00 PLN", undefined, { amount: "6.00", currency: "PLN", guessed: false, assumed: false }],
    ["$12.71 USD", undefined, { amount: "12.71", currency: "USD", guessed: false, assumed: false }],
    ["Other adjustments -£0.50", undefined, { amount: "-0.50", currency: "GBP", guessed: false, assumed: false }],
    ["¥1500", undefined, { amount: "1500", currency: "JPY", guessed: false, assumed: false }],
    // The number alone cannot say; a mark after it is the continental habit, where "." groups.
    ["1.234 €", undefined, { amount: "1234.00", currency: "EUR", guessed: false, assumed: true }],
    ["£1,234", undefined, { amount: "1234.00", currency: "GBP", guessed: false, assumed: true }],
    ["a PayPal cell GBP1£1.99 GBP", undefined, { amount: "1.99", currency: "GBP", guessed: false, assumed: false }],
  ];
  for (const [text, currency, expected] of cases) {
    it(`reads ${JSON.stringify(text)}${currency ? ` in a ${currency} mailbox` : ""}`, () => {
      assert.deepEqual(read(text, currency), [expected]);
    });
  }

  it("ignores numbers without a currency mark and refuses what the strict grammar refuses", () => {
    assert.deepEqual(read("Order 202-1391264-5465967, qty 3, call 01 800 2266 783"), []);
    // "£1.234" read the English way is three decimals of a pound: refused, never rounded.
    assert.deepEqual(read("€1.2.3 and £12.345 and £1.234"), []);
    assert.deepEqual(read("EUR 12 GBP"), []);
    // "kr" names several currencies: only a Nordic mailbox reads it.
    assert.deepEqual(read("120,50 kr"), []);
    assert.deepEqual(read("120,50 kr", "SEK"), [{ amount: "120.50", currency: "SEK", guessed: false, assumed: false }]);
  });

  it("finds every amount in order", () => {
    assert.deepEqual(
      read("Subtotal £13.98 GBP Postage £3.99 GBP Total £17.97 GBP").map((a) => a.amount),
      ["13.98", "3.99", "17.97"],
    );
  });
});

describe("findDates", () => {
  it("reads the layouts bank and shop mails use", () => {
    const dates = (text: string) => findDates(text).map((d) => d.date);
    assert.deepEqual(dates("Fecha de Aplicacion: 10/Feb/2020"), ["2020-02-10"]);
    assert.deepEqual(dates("el 28/MAY/2019 a las 13:41"), ["2019-05-28"]);
    assert.deepEqual(dates("25/Ago/2019 and 1 de mayo de 2021"), ["2019-08-25", "2021-05-01"]);
    assert.deepEqual(dates("Placed on February 10, 2018"), ["2018-02-10"]);
    assert.deepEqual(dates("18 December 2017 at 23:23:52 GMT"), ["2017-12-18"]);
    assert.deepEqual(dates("on 2024-03-05"), ["2024-03-05"]);
    assert.deepEqual(dates("17/12/2019 13:58"), ["2019-12-17"]);
    assert.deepEqual(dates("10/Feb 08:14:03 hrs. 31/02/2020 Mon, 19 Nov"), []);
  });

  it("flags a numeric date whose day and month could swap", () => {
    assert.deepEqual(findDates("05/03/2024"), [{ date: "2024-03-05", index: 0, assumedOrder: true }]);
    assert.equal(findDates("25/03/2024")[0]?.assumedOrder, false);
  });
});
