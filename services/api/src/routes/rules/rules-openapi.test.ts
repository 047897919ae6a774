import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { type Harness, startHarness } from "../../test-support/api-harness.ts";
import { ruleFixtures } from "./rule-fixtures.ts";

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

// The operations themselves are in app.test.ts's contract list with every other endpoint.
test("the OpenAPI document names the rules schemas", async () => {
  const doc = (await h.call("GET", "/openapi.json")).json;
  const schemas = Object.keys(doc.components.schemas);
  for (const id of [
    "Rule",
    "CreateRule",
    "UpdateRule",
    "RuleDraft",
    "RuleConditions",
    "RuleDryRunResult",
    "ApplyRuleResult",
  ]) {
    assert.ok(schemas.includes(id), id);
  }
});

test("the dry run of a draft is not taken for a rule id", async () => {
  const f = ruleFixtures(h);
  const u = await f.seededUser();
  const res = await h.call("POST", "/v1/rules/dry-run", {
    token: u.token,
    body: { conditions: { direction: "in" }, tags: ["t"] },
  });
  assert.deepEqual([res.status, res.json.matched], [200, 0]);
});
