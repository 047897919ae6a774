import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { allowedNumbers, inventedNumber, numbersInText } from "./numbers-in-text.ts";
import { securitiesAdvice } from "./securities-advice.ts";
import { validateNudgeText } from "./validate-nudge-text.ts";

describe("numbers in a text", () => {
  test("currency formats, grouping and percents read as exact values", () => {
    assert.deepEqual(numbersInText("$1,234.50 left"), [["1234.5"]]);
    assert.deepEqual(numbersInText("quedan 1.234,50 €"), [["1234.5"]]);
    assert.deepEqual(numbersInText("1\u00a0234,50\u00a0€"), [["1234.5"]]);
    assert.deepEqual(numbersInText("CHF 1'234.50"), [["1234.5"]]);
    assert.deepEqual(numbersInText("12%"), [["12"]]);
    assert.deepEqual(numbersInText("24,6 %"), [["24.6"]]);
    assert.deepEqual(numbersInText("1.234.567"), [["1234567"]]);
    assert.deepEqual(numbersInText("-$40.00"), [["40"]]);
  });

  test("a list of figures is several numbers, not one", () => {
    assert.deepEqual(numbersInText("320.00, 400.00 and 12."), [["320"], ["400"], ["12"]]);
  });

  test("one separator before exactly three digits is ambiguous: both readings are kept", () => {
    assert.deepEqual(numbersInText("1,234"), [["1.234", "1234"]]);
    assert.deepEqual(numbersInText("1.234"), [["1.234", "1234"]]);
  });

  test("allowed figures: amounts, counts, digits in names and the parts of dates", () => {
    const allowed = allowedNumbers({ a: "1234.50", n: 7, name: "Plan 4K", d: "2027-05-31", m: "2027-05", ok: true });
    assert.deepEqual([...allowed].sort(), ["1234.5", "2027", "31", "4", "5", "7"]);
  });

  test("a figure must equal one given: formatted either way it matches, a rounded one does not", () => {
    const facts = { saved: "1234.50", percent: "12.0", currency: "EUR" };
    assert.equal(inventedNumber("You saved $1,234.50 (12%).", facts), undefined);
    assert.equal(inventedNumber("Ahorraste 1.234,50 € (12 %).", facts), undefined);
    assert.equal(inventedNumber("You saved about $1,235.", facts), "1.235");
    assert.equal(inventedNumber("You saved 1,234.50, 13% of it.", facts), "13");
  });
});

describe("securities advice", () => {
  test("plain advice to buy, sell or invest is caught, in English and Spanish", () => {
    for (const t of [
      "Sell your stocks now.",
      "You could invest the $50 in an ETF.",
      "Buy some bitcoin with it.",
      "Put it into index funds.",
      "Invierte ese dinero en acciones.",
      "Vende tus criptomonedas.",
      "Time to look at $AAPL.",
    ])
      assert.notEqual(securitiesAdvice(t), undefined, t);
  });

  test("budget, debt and saving talk passes", () => {
    for (const t of [
      "Put the $50 towards your Visa.",
      "Put it into your emergency fund.",
      "You are on track to save $1,200 by May.",
    ])
      assert.equal(securitiesAdvice(t), undefined, t);
  });
});

describe("validateNudgeText", () => {
  const facts = { amount: "50.00", currency: "USD" };
  test("each failure has its reason", () => {
    assert.equal(validateNudgeText("  ", facts), "empty_answer");
    assert.equal(validateNudgeText("x".repeat(281), facts), "too_long");
    assert.equal(validateNudgeText("x".repeat(20), facts, 10), "too_long");
    assert.equal(validateNudgeText("Spend $60 less.", facts), "invented_number: 60");
    assert.equal(validateNudgeText("Buy shares with the $50.00.", facts), "securities_advice");
    assert.equal(validateNudgeText("Nice: $50.00 back in your pocket.", facts), undefined);
  });
});
