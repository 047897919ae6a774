import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import { promtoolTestFile, RULE_TEST_CASES } from "./alert-rule-tests.ts";
import { fincoachRuleGroups } from "./alert-rules.ts";
import { rulesFile } from "./rules-file.ts";

const run = promisify(execFile);
/** Debian's `prometheus` package (.ci/run installs it). */
const PROMTOOL = process.env.PROMTOOL ?? "/usr/bin/promtool";

describe("alert rules under promtool", () => {
  let dir: string;
  const groups = fincoachRuleGroups();
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "fincoach-rules-"));
    await writeFile(join(dir, "rules.yaml"), rulesFile(groups));
    await writeFile(join(dir, "rules.test.yaml"), JSON.stringify(promtoolTestFile("rules.yaml", groups), null, 2));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test("promtool check rules accepts the rules file", async () => {
    const { stdout } = await run(PROMTOOL, ["check", "rules", join(dir, "rules.yaml")]);
    assert.match(stdout, /SUCCESS: \d+ rules found/);
  });

  test("promtool test rules: every case passes", async () => {
    const result = await run(PROMTOOL, ["test", "rules", join(dir, "rules.test.yaml")]).catch(
      (e: { stdout: string; stderr: string }) => e,
    );
    assert.match(result.stdout, /SUCCESS/, `${result.stdout}\n${result.stderr}`);
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
