import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ModelVersion } from "./model-version.ts";
import { SyncSchedule } from "./sync-schedule.ts";
import { INVALID_CASES, loadExample } from "./test-support/invalid-resources.ts";

/** A zod issue path in the apiserver's notation: spec.a.b[0].c */
const fieldOf = (path: PropertyKey[]) =>
  path
    .map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`))
    .join("")
    .slice(1);

describe("zod rejects what the apiserver rejects, naming the field", () => {
  for (const c of INVALID_CASES) {
    it(c.what, () => {
      const schema = c.manifest.kind === "SyncSchedule" ? SyncSchedule : ModelVersion;
      const result = schema.safeParse(c.manifest);
      assert.ok(!result.success, "expected the manifest to be rejected");
      const issue = result.error.issues.find((i) => fieldOf(i.path) === c.field);
      assert.ok(issue, `no issue at ${c.field}: ${JSON.stringify(result.error.issues)}`);
      assert.match(issue.message, c.message);
    });
  }
});

describe("resource names", () => {
  it("rejects a ModelVersion whose name cannot name a Service, and a SyncSchedule name over 52 characters", () => {
    const m = loadExample("model-version-v1.yaml");
    m.metadata.name = "1-categorizer";
    assert.match(ModelVersion.safeParse(m).error?.message ?? "", /DNS-1035/);
    const s = loadExample("sync-schedule-nightly.yaml");
    s.metadata.name = "n".repeat(53);
    assert.match(SyncSchedule.safeParse(s).error?.message ?? "", /at most 52 characters/);
  });

  it("rejects an unknown time zone in TypeScript (the operator's check) though its shape is fine", () => {
    const s = loadExample("sync-schedule-nightly.yaml");
    s.spec = { ...s.spec, timeZone: "Mars/Olympus_Mons" };
    assert.match(SyncSchedule.safeParse(s).error?.message ?? "", /IANA time zone/);
  });
});
