import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { API_CALLS, callKey } from "./kube/api-calls.ts";
import { allows, leaderElectionRules, OPERATOR_NAME, OPERATOR_RULES, operatorRbac } from "./rbac.ts";
import { RBAC_YAML_PATH, renderRbacYaml } from "./rbac-yaml.ts";

const rules = [...OPERATOR_RULES, ...leaderElectionRules()];

describe("RBAC", () => {
  test("every API call the operator makes is allowed (the Lease by its name)", () => {
    const missing = API_CALLS.filter((c) => !allows(rules, c, c.resource === "leases" ? OPERATOR_NAME : undefined));
    assert.deepEqual(missing.map(callKey), []);
  });

  test("nothing more: every verb a rule grants is one the operator uses", () => {
    const used = new Set(API_CALLS.map(callKey));
    const granted = rules.flatMap((r) =>
      r.apiGroups.flatMap((group) =>
        r.resources.flatMap((resource) => r.verbs.map((verb) => callKey({ group, resource, verb }))),
      ),
    );
    assert.deepEqual(
      granted.filter((g) => !used.has(g)),
      [],
    );
    assert.ok(rules.every((r) => !r.verbs.includes("*") && !r.resources.includes("*") && !r.apiGroups.includes("*")));
  });

  test("no delete, no secrets, no cluster-wide leases", () => {
    assert.ok(!rules.some((r) => r.verbs.includes("delete") || r.verbs.includes("deletecollection")));
    assert.ok(!rules.some((r) => r.resources.includes("secrets")));
    assert.ok(!OPERATOR_RULES.some((r) => r.resources.includes("leases")));
  });

  test("the Lease's get and update are limited to its name", () => {
    const lease = { group: "coordination.k8s.io", resource: "leases" };
    assert.equal(allows(rules, { ...lease, verb: "update" }, "someone-elses-lease"), false);
    assert.equal(allows(rules, { ...lease, verb: "update" }, OPERATOR_NAME), true);
  });

  test("all namespaces: ClusterRole + binding; listed namespaces: a Role + binding in each", () => {
    const kinds = (o: Parameters<typeof operatorRbac>[0]) =>
      operatorRbac(o).map((x) => `${x.kind}/${x.metadata?.namespace ?? ""}`);
    assert.deepEqual(kinds({ namespace: "ops" }), [
      "ServiceAccount/ops",
      "ClusterRole/",
      "ClusterRoleBinding/",
      "Role/ops",
      "RoleBinding/ops",
    ]);
    assert.deepEqual(kinds({ namespace: "ops", watchNamespaces: ["a", "b"] }), [
      "ServiceAccount/ops",
      "Role/a",
      "RoleBinding/a",
      "Role/b",
      "RoleBinding/b",
      "Role/ops",
      "RoleBinding/ops",
    ]);
  });

  test("the committed YAML is what the generator writes (run operator/src/generate-rbac.ts)", () => {
    assert.equal(readFileSync(RBAC_YAML_PATH, "utf8"), renderRbacYaml());
  });
});
