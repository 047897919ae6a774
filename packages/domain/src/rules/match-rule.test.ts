import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { compileRule, compileRules, matchRule, type RuleSource, type RuleSubject } from "./match-rule.ts";

const ACC = "00000000-0000-4000-8000-000000000001";
const OTHER = "00000000-0000-4000-8000-000000000002";
const subject = (over: Partial<RuleSubject> = {}): RuleSubject => ({
  description: "REWE Markt GmbH  Berlin",
  merchant: "REWE",
  amountMinor: -4215n,
  currency: "EUR",
  accountId: ACC,
  ...over,
});
const rule = (conditions: RuleSource["conditions"], over: Partial<RuleSource> = {}): RuleSource => ({
  id: JSON.stringify(conditions),
  conditions,
  categoryId: "cat",
  ...over,
});
const matches = (r: RuleSource, s: RuleSubject) => matchRule([compileRule(r)], s) !== undefined;

describe("matchRule", () => {
  test("text conditions are case-, width- and space-insensitive substrings", () => {
    assert.ok(matches(rule({ descriptionContains: "rewe markt" }), subject()));
    assert.ok(matches(rule({ descriptionContains: "GMBH BERLIN" }), subject()), "two spaces count as one");
    assert.ok(matches(rule({ descriptionContains: "ｒｅｗｅ" }), subject()), "full-width letters");
    assert.ok(!matches(rule({ descriptionContains: "edeka" }), subject()));
    assert.ok(matches(rule({ merchantContains: "rew" }), subject()));
    assert.ok(!matches(rule({ merchantContains: "rew" }), subject({ merchant: null })), "no merchant never matches");
  });

  test("regex metacharacters are plain text", () => {
    assert.ok(matches(rule({ descriptionContains: "sq *coffee" }), subject({ description: "SQ *COFFEE BAR" })));
    assert.ok(!matches(rule({ descriptionContains: "sq .*" }), subject({ description: "SQ *COFFEE BAR" })));
  });

  test("every condition must hold", () => {
    const r = rule({ descriptionContains: "rewe", direction: "out", accountId: ACC });
    assert.ok(matches(r, subject()));
    assert.ok(!matches(r, subject({ amountMinor: 4215n })), "direction");
    assert.ok(!matches(r, subject({ accountId: OTHER })), "account");
    assert.ok(matches(rule({ direction: "in" }), subject({ amountMinor: 1n })));
    assert.ok(!matches(rule({ direction: "in" }), subject({ amountMinor: 0n })), "zero is neither in nor out");
    assert.ok(!matches(rule({ direction: "out" }), subject({ amountMinor: 0n })));
  });

  test("amount bounds are inclusive, by size, and exact in minor units", () => {
    const r = rule({ amountMin: "10.00", amountMax: "42.15" });
    assert.ok(matches(r, subject({ amountMinor: -4215n })));
    assert.ok(matches(r, subject({ amountMinor: 1000n })));
    assert.ok(!matches(r, subject({ amountMinor: -4216n })));
    assert.ok(!matches(r, subject({ amountMinor: 999n })));
  });

  test("a bound finer than the currency compares exactly (JPY, BHD)", () => {
    const r = rule({ amountMin: "10.5", amountMax: "20.5" });
    // JPY has no decimals: 10 yen < 10.5 <= 11 yen, and 20 yen <= 20.5 < 21 yen.
    assert.ok(!matches(r, subject({ currency: "JPY", amountMinor: -10n })));
    assert.ok(matches(r, subject({ currency: "JPY", amountMinor: -11n })));
    assert.ok(matches(r, subject({ currency: "JPY", amountMinor: -20n })));
    assert.ok(!matches(r, subject({ currency: "JPY", amountMinor: -21n })));
    // BHD has three: 10.499 < 10.5 = 10.500.
    assert.ok(!matches(r, subject({ currency: "BHD", amountMinor: -10499n })));
    assert.ok(matches(r, subject({ currency: "BHD", amountMinor: -10500n })));
    assert.ok(matches(r, subject({ currency: "BHD", amountMinor: -20500n })));
    assert.ok(!matches(r, subject({ currency: "BHD", amountMinor: -20501n })));
  });

  test("amounts beyond a double's precision stay exact", () => {
    const r = rule({ amountMin: "9007199254740993" });
    assert.ok(!matches(r, subject({ currency: "JPY", amountMinor: -9007199254740992n })));
    assert.ok(matches(r, subject({ currency: "JPY", amountMinor: -9007199254740993n })));
  });

  test("the first matching rule by position wins; disabled and inert rules never do", () => {
    const rules = compileRules([
      rule({ descriptionContains: "rewe" }, { id: "late", position: 2 }),
      rule({ descriptionContains: "markt" }, { id: "early", position: 1 }),
      rule({ descriptionContains: "rewe" }, { id: "off", position: 0, enabled: false }),
      rule({ descriptionContains: "rewe" }, { id: "inert", position: 0, categoryId: null, tags: [] }),
      rule({ descriptionContains: "edeka" }, { id: "other", position: 0 }),
    ]);
    assert.deepEqual(
      rules.map((r) => r.id),
      ["other", "early", "late"],
    );
    assert.equal(matchRule(rules, subject())?.id, "early");
    assert.equal(matchRule(rules, subject({ description: "Lidl" })), undefined);
    assert.equal(matchRule([], subject()), undefined);
  });

  test("a rule with tags only is not inert", () => {
    const [r] = compileRules([rule({ direction: "out" }, { categoryId: null, tags: ["food"] })]);
    assert.deepEqual(r?.tags, ["food"]);
  });

  test("a rule without conditions matches nothing", () => {
    assert.ok(!matches(rule({}), subject()));
  });
});
