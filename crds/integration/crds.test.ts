/**
 * The CRDs on a real kube-apiserver: they install and become Established, the examples
 * apply with kubectl and with the client (defaults as zod computes them), invalid CRs are
 * rejected with messages naming the field, and kubectl shows the printer columns,
 * short names and the `fincoach` category.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { KubeConnection, KubeHttp } from "@fincoach/kube";
import { type ControlPlane, startControlPlane } from "@fincoach/testing";
import { ApiException, CustomObjectsApi } from "@kubernetes/client-node";
import {
  ALL_CRDS,
  CRD_FILES,
  GROUP,
  installCrds,
  MODEL_VERSION_PLURAL,
  ModelVersion,
  SYNC_SCHEDULE_PLURAL,
  SyncSchedule,
  VERSION,
} from "../src/index.ts";
import { INVALID_CASES, loadExample, type Manifest } from "../src/test-support/invalid-resources.ts";

const NS = "fincoach";
const crdsDir = join(import.meta.dirname, "..");
const examples = join(crdsDir, "examples");
const EXAMPLES = [
  { file: "sync-schedule-nightly.yaml", plural: SYNC_SCHEDULE_PLURAL, schema: SyncSchedule },
  { file: "model-version-v1.yaml", plural: MODEL_VERSION_PLURAL, schema: ModelVersion },
  { file: "model-version-v2-canary.yaml", plural: MODEL_VERSION_PLURAL, schema: ModelVersion },
] as const;

let cp: ControlPlane;
let api: CustomObjectsApi;
const pluralOf = (m: Manifest) => (m.kind === "SyncSchedule" ? SYNC_SCHEDULE_PLURAL : MODEL_VERSION_PLURAL);
const ok = async (args: string[]) => {
  const r = await cp.kubectl(args);
  assert.equal(r.code, 0, `kubectl ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
};

before(
  async () => {
    cp = await startControlPlane({ startTimeoutMs: 120_000 });
    api = cp.kubeConfig.makeApiClient(CustomObjectsApi);
    await installCrds(new KubeHttp(KubeConnection.fromFile(cp.kubeconfigPath)), ALL_CRDS, { timeoutMs: 60_000 });
    await ok(["create", "namespace", NS]);
  },
  { timeout: 300_000 },
);
after(() => cp?.stop());

describe("installing the CRDs", { timeout: 300_000 }, () => {
  it("keeps every rule and default as generated (nothing dropped on the way)", async () => {
    for (const crd of ALL_CRDS) {
      const stored = JSON.parse(await ok(["get", "crd", crd.metadata.name, "-o", "json"]));
      assert.deepEqual(stored.spec.versions[0].schema, crd.spec.versions[0]!.schema);
      assert.deepEqual(stored.spec.names.categories, ["fincoach"]);
    }
  });

  it("applies cleanly with kubectl from the committed YAML (server-side)", async () => {
    const files = CRD_FILES.flatMap(({ file }) => ["-f", join(crdsDir, file)]);
    const out = await ok(["apply", "--server-side", "--force-conflicts", ...files]);
    assert.match(out, /syncschedules\.fincoach\.dev serverside-applied/);
    assert.match(out, /modelversions\.fincoach\.dev serverside-applied/);
    await ok([
      "wait",
      "--for=condition=Established",
      "--timeout=60s",
      "crd/syncschedules.fincoach.dev",
      "crd/modelversions.fincoach.dev",
    ]);
  });
});

describe("the examples", { timeout: 300_000 }, () => {
  it("apply with kubectl apply -f, and the apiserver's defaults are zod's", async () => {
    for (const { file, plural, schema } of EXAMPLES) {
      assert.match(await ok(["apply", "-n", NS, "-f", join(examples, file)]), /created/);
      const name = loadExample(file).metadata.name;
      const stored = await api.getNamespacedCustomObject({
        group: GROUP,
        version: VERSION,
        namespace: NS,
        plural,
        name,
      });
      assert.deepEqual(stored.spec, schema.parse(loadExample(file)).spec, `${file}: defaults differ`);
      assert.ok(schema.safeParse(stored).success);
    }
  });

  it("create with the client", async () => {
    for (const { file, plural } of EXAMPLES) {
      const body = loadExample(file);
      body.metadata.name = `client-${body.metadata.name}`;
      const created = await api.createNamespacedCustomObject({
        group: GROUP,
        version: VERSION,
        namespace: NS,
        plural,
        body,
      });
      assert.equal(created.metadata.generation, 1);
    }
  });

  it("keep model and version immutable", async () => {
    const r = await cp.kubectl([
      "patch",
      "-n",
      NS,
      "mv",
      "categorizer-v1",
      "--type=merge",
      "-p",
      '{"spec":{"model":"other"}}',
    ]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /spec\.model: Invalid value: "string": model is immutable/);
  });
});

describe("invalid CRs are rejected, naming the field", { timeout: 300_000 }, () => {
  for (const c of INVALID_CASES) {
    it(c.what, async () => {
      const r = await cp.kubectl(["apply", "-n", NS, "-f", "-"], { input: JSON.stringify(c.manifest) });
      assert.notEqual(r.code, 0, `kubectl accepted it: ${r.stdout}`);
      assert.ok(r.stderr.includes(`${c.field}:`), `kubectl's message does not name ${c.field}: ${r.stderr}`);
      assert.match(r.stderr, c.message);
      const error = await api
        .createNamespacedCustomObject({
          group: GROUP,
          version: VERSION,
          namespace: NS,
          plural: pluralOf(c.manifest),
          body: c.manifest,
        })
        .then(() => assert.fail("the client's create was accepted"))
        .catch((e: unknown) => e);
      assert.ok(error instanceof ApiException && error.code === 422, String(error));
      const status = JSON.parse(String(error.body)) as { message: string; details: { causes: { field: string }[] } };
      assert.ok(
        status.details.causes.some((cause) => cause.field === c.field),
        status.message,
      );
    });
  }

  it("a ModelVersion name that cannot name a Service", async () => {
    const m = loadExample("model-version-v1.yaml");
    m.metadata.name = "1-categorizer";
    const r = await cp.kubectl(["apply", "-n", NS, "-f", "-"], { input: JSON.stringify(m) });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /metadata\.name must be a DNS-1035 label/);
  });
});

describe("kubectl get", { timeout: 300_000 }, () => {
  it("shows the printer columns under the short names, status included", async () => {
    const now = new Date().toISOString().slice(0, 19);
    const status = {
      phase: "Serving",
      trafficWeight: 100,
      conditions: [{ type: "Ready", status: "True", reason: "Serving", message: "", lastTransitionTime: `${now}Z` }],
    };
    const patch = JSON.stringify({ status });
    await ok(["patch", "-n", NS, "mv", "categorizer-v1", "--subresource=status", "--type=merge", "-p", patch]);
    const out = await ok(["get", "ss,mv", "-n", NS]);
    assert.match(out, /NAME\s+SCHEDULE\s+SUSPEND\s+QUEUED\s+LAST SCHEDULE\s+READY\s+AGE/);
    assert.match(out, /syncschedule\.fincoach\.dev\/nightly\s+0 2 \* \* \*\s+false/);
    assert.match(out, /NAME\s+MODEL\s+VERSION\s+PHASE\s+WEIGHT\s+READY\s+AGE/);
    assert.match(out, /modelversion\.fincoach\.dev\/categorizer-v1\s+categorizer\s+v1\s+Serving\s+100\s+True/);
    const wide = await ok(["get", "syncsched", "-n", NS, "-o", "wide"]);
    assert.match(wide, /TIME ZONE\s+SOURCE/);
    assert.match(wide, /Europe\/Berlin\s+all/);
  });

  it("lists both kinds in the fincoach category", async () => {
    const out = await ok(["get", "fincoach", "-n", NS, "-o", "name"]);
    assert.match(out, /^syncschedule\.fincoach\.dev\/nightly$/m);
    assert.match(out, /^modelversion\.fincoach\.dev\/categorizer-v1$/m);
    assert.match(out, /^modelversion\.fincoach\.dev\/categorizer-v2$/m);
  });

  it("selects ModelVersions by spec.model", async () => {
    const out = await ok(["get", "mv", "-n", NS, "--field-selector", "spec.model=categorizer", "-o", "name"]);
    assert.equal(out.trim().split("\n").length, 4);
    const none = await ok(["get", "mv", "-n", NS, "--field-selector", "spec.model=other", "-o", "name"]);
    assert.equal(none.trim(), "");
  });
});
