/**
 * `helm install` of the chart into a real kube-apiserver (no kubelet: pods never run, so the
 * migrate hook is skipped with --no-hooks), then `helm uninstall`: every object the chart
 * renders is created, and afterwards none is left, the CRDs included.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { type ControlPlane, startControlPlane } from "@fincoach/testing";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const run = promisify(execFile);

let cp: ControlPlane;
let helm: string;
before(async () => {
  helm = (await run("bash", [`${ROOT}scripts/helm/build.sh`])).stdout.trim().split("\n").at(-1) ?? "";
  cp = await startControlPlane({ startTimeoutMs: 120_000 });
});
after(() => cp?.stop());

const helmRun = (args: string[]) =>
  run(helm, [...args, "--kubeconfig", cp.kubeconfigPath], {
    cwd: ROOT,
    env: { ...process.env, HELM_CACHE_HOME: cp.dir, HELM_CONFIG_HOME: cp.dir, HELM_DATA_HOME: cp.dir },
  });

const fincoachObjects = async () => {
  const r = await cp.kubectl([
    "get",
    "deployments,statefulsets,services,serviceaccounts,roles,rolebindings,networkpolicies,poddisruptionbudgets,horizontalpodautoscalers,ingresses,secrets,configmaps,jobs,customresourcedefinitions",
    "-A",
    "-l",
    "app.kubernetes.io/part-of=fincoach",
    "-o",
    "name",
  ]);
  assert.equal(r.code, 0, r.stderr);
  const crds = (await cp.kubectl(["get", "customresourcedefinitions", "-o", "name"])).stdout
    .split("\n")
    .filter((l) => l.endsWith(".fincoach.dev"));
  return [...r.stdout.split("\n").filter(Boolean), ...crds];
};

test("helm install (dev values) creates the chart's objects and helm uninstall removes every one", async () => {
  await helmRun([
    "install",
    "fincoach",
    "charts/fincoach",
    "--namespace",
    "fincoach",
    "--create-namespace",
    "--no-hooks",
    "-f",
    "charts/fincoach/values-dev.yaml",
  ]);
  const installed = await fincoachObjects();
  for (const expected of [
    "deployment.apps/fincoach-operator",
    "statefulset.apps/fincoach-postgres",
    "networkpolicy.networking.k8s.io/fincoach-default-deny",
    "customresourcedefinition.apiextensions.k8s.io/syncschedules.fincoach.dev",
    "horizontalpodautoscaler.autoscaling/fincoach-api",
  ])
    assert.ok(installed.includes(expected), `${expected} in ${installed.join(" ")}`);
  await helmRun(["uninstall", "fincoach", "--namespace", "fincoach", "--wait"]);
  assert.deepEqual(await fincoachObjects(), []);
});
