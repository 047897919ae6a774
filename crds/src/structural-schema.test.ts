import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { modelVersionCrd } from "./model-version.ts";
import type { SchemaNode } from "./structural-schema.ts";
import { syncScheduleCrd } from "./sync-schedule.ts";

const schemaOf = (crd: typeof syncScheduleCrd) => crd.spec.versions[0]!.schema.openAPIV3Schema;

/** Every node with its dotted path, children first visited through properties/items/additionalProperties. */
const walk = (node: SchemaNode, path = ""): [string, SchemaNode][] => [
  [path, node],
  ...Object.entries(node.properties ?? {}).flatMap(([k, v]) => walk(v, `${path}.${k}`)),
  ...(node.items ? walk(node.items, `${path}[]`) : []),
  ...(typeof node.additionalProperties === "object" ? walk(node.additionalProperties, `${path}{}`) : []),
];

const at = (node: SchemaNode, path: string): SchemaNode => {
  const found = walk(node).find(([p]) => p === path);
  assert.ok(found, `no schema node at ${path}`);
  return found[1];
};

for (const crd of [syncScheduleCrd, modelVersionCrd]) {
  describe(`${crd.spec.names.kind} schema is structural`, () => {
    const nodes = walk(schemaOf(crd));

    it("gives every node a type, except int-or-string nodes", () => {
      const untyped = nodes.filter(([, n]) => !n.type && n["x-kubernetes-int-or-string"] !== true).map(([p]) => p);
      assert.deepEqual(untyped, []);
    });

    it("has no $ref, no anyOf outside int-or-string, no properties together with additionalProperties", () => {
      for (const [path, n] of nodes) {
        assert.ok(!("$ref" in n) && !("definitions" in n) && !("$defs" in n), `${path} holds a reference`);
        assert.ok(!("allOf" in n) && !("oneOf" in n) && !("not" in n), `${path} holds a combinator`);
        if (n.anyOf) assert.equal(n["x-kubernetes-int-or-string"], true, `${path} has anyOf`);
        assert.ok(!(n.properties && "additionalProperties" in n), `${path} has properties and additionalProperties`);
        assert.notEqual(n.additionalProperties, false, `${path} has additionalProperties: false`);
        assert.ok(!n.format || n.format === "date-time", `${path} has format ${n.format}`);
      }
    });

    it("describes every spec and status field (for kubectl explain)", () => {
      const bare = nodes.filter(([p, n]) => /^\.(spec|status)\.[^[{]+$/.test(p) && !n.description).map(([p]) => p);
      assert.deepEqual(bare, []);
    });

    it("has a status subresource, printer columns with Ready and Age, short names and the fincoach category", () => {
      const v = crd.spec.versions[0]!;
      assert.deepEqual(v.subresources, { status: {} });
      assert.ok(v.additionalPrinterColumns.some((c) => c.name === "Ready"));
      assert.equal(v.additionalPrinterColumns.at(-1)?.name, "Age");
      assert.ok(crd.spec.names.shortNames.length > 0);
      assert.deepEqual(crd.spec.names.categories, ["fincoach"]);
      assert.equal(crd.metadata.name, `${crd.spec.names.plural}.fincoach.dev`);
    });

    it("keys conditions by type and requires the metav1.Condition fields", () => {
      const conditions = at(schemaOf(crd), ".status.conditions");
      assert.equal(conditions["x-kubernetes-list-type"], "map");
      assert.deepEqual(conditions["x-kubernetes-list-map-keys"], ["type"]);
      assert.deepEqual(conditions.items?.required?.toSorted(), [
        "lastTransitionTime",
        "message",
        "reason",
        "status",
        "type",
      ]);
    });
  });
}

const rulesAt = (node: SchemaNode, path: string) =>
  ((at(node, path)["x-kubernetes-validations"] as { rule: string }[] | undefined) ?? []).map((r) => r.rule);

describe("SyncSchedule defaults and CEL rules", () => {
  const s = schemaOf(syncScheduleCrd);
  it("defaults what CronJob defaults, and the workers", () => {
    const defaults = Object.fromEntries(
      [
        ".spec.timeZone",
        ".spec.suspend",
        ".spec.source",
        ".spec.concurrencyPolicy",
        ".spec.userSelector",
        ".spec.successfulJobsHistoryLimit",
        ".spec.failedJobsHistoryLimit",
        ".spec.workers.minReplicas",
        ".spec.workers.maxReplicas",
        ".spec.workers.targetBacklogPerReplica",
        ".spec.workers.concurrency",
      ].map((p) => [p, at(s, p).default]),
    );
    assert.deepEqual(Object.values(defaults), ["UTC", false, "all", "Forbid", {}, 3, 1, 1, 10, 100, 5]);
    assert.deepEqual(at(s, ".spec").required, ["schedule", "workers"]);
  });

  it("checks cron, time zone, min <= max replicas, selector requirements and the name in CEL", () => {
    assert.match(rulesAt(s, ".spec.schedule")[0]!, /^self\.matches\(r'/);
    assert.match(rulesAt(s, ".spec.timeZone")[0]!, /^self\.matches\(r'/);
    assert.deepEqual(rulesAt(s, ".spec.workers"), ["self.minReplicas <= self.maxReplicas"]);
    assert.match(rulesAt(s, ".spec.userSelector.matchExpressions[]")[0]!, /self\.operator in \['In', 'NotIn'\]/);
    assert.match(rulesAt(s, "")[0]!, /self\.metadata\.name/);
  });
});

describe("ModelVersion defaults and CEL rules", () => {
  const s = schemaOf(modelVersionCrd);
  it("defaults the rollout down to its thresholds", () => {
    assert.deepEqual(at(s, ".spec.rollout").default, {
      stepWeight: 10,
      maxWeight: 50,
      interval: "1m",
      threshold: 5,
      thresholds: { minSamples: 100, maxErrorRate: 0.05, maxLatencyP99Ms: 1000 },
    });
    assert.deepEqual(at(s, ".spec.rollout.thresholds").default, {});
    const d = (p: string) => at(s, `.spec.rollout${p}`).default;
    assert.deepEqual(
      [d(".stepWeight"), d(".maxWeight"), d(".interval"), d(".threshold"), d(".thresholds.minSamples")],
      [10, 50, "1m", 5, 100],
    );
    assert.equal(at(s, ".spec.artifact.format").default, "onnx");
    assert.equal(at(s, ".spec.replicas").default, 1);
  });

  it("bounds weights to 0-100 and checks stepWeight <= maxWeight, sha256, interval and immutability in CEL", () => {
    for (const p of [".spec.rollout.stepWeight", ".spec.rollout.maxWeight", ".status.trafficWeight"]) {
      assert.equal(at(s, p).maximum, 100, p);
    }
    assert.deepEqual(rulesAt(s, ".spec.rollout"), ["self.stepWeight <= self.maxWeight"]);
    assert.match(rulesAt(s, ".spec.artifact.sha256")[0]!, /\{64\}/);
    assert.match(rulesAt(s, ".spec.rollout.interval")[0]!, /duration\(self\)/);
    assert.deepEqual(rulesAt(s, ".spec.model"), ["self == oldSelf"]);
    assert.deepEqual(rulesAt(s, ".spec.version"), ["self == oldSelf"]);
  });
});
