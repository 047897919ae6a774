/**
 * The synthesized manifests are accepted by a real kube-apiserver (packages/testing starts
 * one with etcd): the CRDs are applied for real, everything else with a server-side dry
 * run, which runs the apiserver's full validation and defaulting without storing. The
 * Prometheus Operator's kinds (ServiceMonitor...) are left out: their CRDs are not ours;
 * the plain scrape config and dashboard ConfigMaps are in.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { type ControlPlane, startControlPlane } from "@fincoach/testing";
import { devSettings, type FincoachSettings, prodSettings } from "./settings.ts";
import { synthObjects, toYamlStream } from "./synth.ts";

let cp: ControlPlane;
before(async () => {
  cp = await startControlPlane({ startTimeoutMs: 120_000 });
});
after(() => cp?.stop());

const kubectl = async (args: string[], input?: string) => {
  const r = await cp.kubectl(args, input === undefined ? {} : { input });
  assert.equal(r.code, 0, `kubectl ${args.join(" ")}:\n${r.stderr}`);
  return r;
};

const withoutPrometheusOperator = (s: FincoachSettings): FincoachSettings => ({
  ...s,
  monitoring: { ...s.monitoring, prometheusOperator: false, plainPrometheusConfig: true },
});

const manifests = (settings: FincoachSettings, crds: boolean) =>
  toYamlStream(
    synthObjects(withoutPrometheusOperator(settings))
      .map((o) => o.json)
      .filter((o) => (o.kind === "CustomResourceDefinition") === crds),
  );

test("the CRDs apply and become Established", async () => {
  await kubectl(["apply", "--server-side", "-f", "-"], manifests(prodSettings(), true));
  await kubectl([
    "wait",
    "--for=condition=Established",
    "--timeout=60s",
    "crd/syncschedules.fincoach.dev",
    "crd/modelversions.fincoach.dev",
  ]);
  await kubectl(["create", "namespace", prodSettings().namespace]);
  // Pod Security admission (on in every kube-apiserver) warns about every workload whose pods would break "restricted".
  await kubectl([
    "label",
    "namespace",
    prodSettings().namespace,
    "pod-security.kubernetes.io/enforce=restricted",
    "pod-security.kubernetes.io/warn=restricted",
  ]);
});

for (const [profile, settings] of [
  ["prod", prodSettings],
  ["dev", devSettings],
] as const)
  test(`${profile}: every other object passes the apiserver's validation (server-side dry run)`, async () => {
    const { stdout: out, stderr } = await kubectl(
      ["apply", "--server-side", "--dry-run=server", "-f", "-"],
      manifests(settings(), false),
    );
    assert.doesNotMatch(stderr, /PodSecurity|violate/, 'every pod meets Pod Security "restricted"');
    const applied = out.split("\n").filter((l) => l.includes("(server dry run)"));
    const expected = synthObjects(withoutPrometheusOperator(settings())).filter(
      (o) => o.json.kind !== "CustomResourceDefinition",
    ).length;
    assert.equal(applied.length, expected, out);
  });

test('a pod that breaks Pod Security "restricted" is warned about (the check can fail)', async () => {
  const loose = manifests(prodSettings(), false).replace("runAsNonRoot: true", "runAsNonRoot: false");
  const r = await kubectl(["apply", "--server-side", "--dry-run=server", "-f", "-"], loose);
  assert.match(r.stderr, /PodSecurity/);
});

test("a broken manifest is refused (the check can fail)", async () => {
  const broken = manifests(prodSettings(), false).replace("maxUnavailable: 1", "maxUnavailable: -1");
  const r = await cp.kubectl(["apply", "--server-side", "--dry-run=server", "-f", "-"], { input: broken });
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /maxUnavailable|invalid/i);
});
