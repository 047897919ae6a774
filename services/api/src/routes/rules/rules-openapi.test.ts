import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { type Harness, startHarness } from "../../test-support/api-harness.ts";
import { ruleFixtures } from "./rule-fixtures.ts";

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

test("the OpenAPI document has every rules operation and its named schemas", async () => {
  const doc = (await h.call("GET", "/openapi.json")).json;
  const documented = new Set(
    Object.entries(doc.paths as Record<string, object>).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method} ${path}`),
    ),
  );
  const contract = [
    "post /v1/rules",
    "get /v1/rules",
    "get /v1/rules/{id}",
    "patch /v1/rules/{id}",
    "delete /v1/rules/{id}",
    "post /v1/rules/{id}/apply",
    "post /v1/rules/dry-run",
    "post /v1/rules/{id}/dry-run",
  ];
  assert.deepEqual(
    contract.filter((op) => !documented.has(op)),
    [],
  );
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
