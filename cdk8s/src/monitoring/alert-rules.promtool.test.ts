import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { promtoolTestFile, RULE_TEST_CASES } from "./alert-rule-tests.ts";
import { fincoachRuleGroups } from "./alert-rules.ts";
import { promtool } from "./promtool.ts";
import { rulesFile } from "./rules-file.ts";

describe("alert rules under promtool", () => {
  const groups = fincoachRuleGroups();
  const files = {
    "rules.yaml": rulesFile(groups),
    // JSON is YAML: the test document needs no YAML writer of its own.
    "rules.test.yaml": JSON.stringify(promtoolTestFile("rules.yaml", groups), null, 2),
  };

  test("promtool check rules accepts the rules file", async () => {
    const { ok, output } = await promtool(files, () => ["check", "rules", "rules.yaml"]);
    assert.ok(ok, output);
    assert.match(output, /SUCCESS: \d+ rules found/);
  });

  test("promtool test rules: every case passes", async () => {
    const { ok, output } = await promtool(files, () => ["test", "rules", "rules.test.yaml"]);
    assert.ok(ok, output);
  });

  test("every alert has a case where it fires and a case where it stays silent", () => {
    const alerts = groups.flatMap((g) => g.rules).flatMap((r) => ("alert" in r ? [r.alert] : []));
    const cases = RULE_TEST_CASES.flatMap((c) => c.alerts);
    for (const name of alerts) {
      assert.ok(
        cases.some((a) => a.alert === name && a.firing.length > 0),
        `${name} never expected to fire`,
      );
      assert.ok(
        cases.some((a) => a.alert === name && a.firing.length === 0),
        `${name} never expected silent`,
      );
    }
  });
});
