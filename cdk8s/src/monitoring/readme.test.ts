import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { fincoachRuleGroups } from "./alert-rules.ts";
import { fincoachDashboards } from "./dashboards/index.ts";

const readme = await readFile(join(import.meta.dirname, "README.md"), "utf8");

test("every alert has its runbook section, the anchor its runbook annotation names", () => {
  const headings = new Set([...readme.matchAll(/^### (\w+)$/gm)].map((m) => m[1]?.toLowerCase()));
  for (const group of fincoachRuleGroups())
    for (const rule of group.rules) {
      if (!("alert" in rule)) continue;
      const anchor = /#(\w+)\)$/.exec(rule.annotations.runbook)?.[1];
      assert.equal(anchor, rule.alert.toLowerCase());
      assert.ok(headings.has(anchor), `README.md has no section for ${rule.alert}`);
    }
});

test("every dashboard is listed", () => {
  for (const d of fincoachDashboards()) assert.ok(readme.includes(`\`${d.uid}\``), `${d.uid} missing`);
});
