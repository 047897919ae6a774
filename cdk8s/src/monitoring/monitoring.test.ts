import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Testing } from "cdk8s";
import { parse as parseYaml } from "yaml";
import { fincoachComponents } from "./components.ts";
import { Monitoring, type MonitoringProps } from "./monitoring.ts";
import { promtool } from "./promtool.ts";

type Manifest = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace: string; labels: Record<string, string> };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
};

const synth = (props: Partial<MonitoringProps> = {}): Manifest[] => {
  const chart = Testing.chart();
  new Monitoring(chart, "monitoring", { namespace: "fc", ...props });
  return Testing.synth(chart) as Manifest[];
};
const names = (manifests: Manifest[], kind: string) =>
  manifests
    .filter((m) => m.kind === kind)
    .map((m) => m.metadata.name)
    .sort();

describe("Monitoring", () => {
  test("by default: a ServiceMonitor per component, PodMonitors for the operator's pods, the rules, four dashboards", () => {
    const out = synth();
    assert.deepEqual(names(out, "ServiceMonitor"), [
      "fincoach-api",
      "fincoach-beat",
      "fincoach-ml",
      "fincoach-operator",
      "fincoach-worker",
    ]);
    assert.deepEqual(names(out, "PodMonitor"), ["fincoach-model-servers", "fincoach-sync-workers"]);
    assert.deepEqual(names(out, "PrometheusRule"), ["fincoach"]);
    const dashboards = out.filter((m) => m.kind === "ConfigMap" && m.metadata.labels.grafana_dashboard === "1");
    assert.deepEqual(dashboards.flatMap((m) => Object.keys(m.data ?? {})).sort(), [
      "fincoach-ml-ab.json",
      "fincoach-operator.json",
      "fincoach-overview.json",
      "fincoach-sync-pipeline.json",
    ]);
    assert.ok(out.every((m) => m.metadata.namespace === "fc"));
    assert.equal(names(out, "ConfigMap").includes("fincoach-prometheus"), false);
  });

  test("a ServiceMonitor selects its component's labels in the namespace and scrapes the port named metrics", () => {
    const api = synth().find((m) => m.kind === "ServiceMonitor" && m.metadata.name === "fincoach-api");
    const component = fincoachComponents().find((c) => c.name === "api");
    assert.deepEqual(api?.spec?.selector, { matchLabels: component?.selectorLabels });
    assert.deepEqual(api?.spec?.namespaceSelector, { matchNames: ["fc"] });
    const endpoints = (api?.spec?.endpoints ?? []) as { port: string; path: string; relabelings: unknown[] }[];
    const [endpoint] = endpoints;
    assert.equal(endpoint?.port, "metrics");
    assert.equal(endpoint?.path, "/metrics");
    assert.deepEqual(endpoint?.relabelings, [
      { sourceLabels: ["__meta_kubernetes_pod_label_app_kubernetes_io_component"], targetLabel: "component" },
    ]);
  });

  test("every part can be left out; extra labels reach every object", () => {
    const none = synth({ serviceMonitors: false, prometheusRules: false, dashboards: false });
    assert.deepEqual(none, []);
    const labelled = synth({ labels: { release: "kube-prometheus-stack" } });
    assert.ok(labelled.every((m) => m.metadata.labels.release === "kube-prometheus-stack"));
  });

  test("the prometheus-adapter ConfigMap goes to the adapter's namespace, only when asked", () => {
    assert.equal(names(synth(), "ConfigMap").includes("fincoach-prometheus-adapter"), false);
    const adapter = synth({ prometheusAdapterNamespace: "monitoring" }).find(
      (m) => m.metadata.name === "fincoach-prometheus-adapter",
    );
    assert.equal(adapter?.metadata.namespace, "monitoring");
    const config = parseYaml(adapter?.data?.["config.yaml"] ?? "") as { externalRules: { name: { as: string } }[] };
    assert.equal(config.externalRules[0]?.name.as, "fincoach_queue_backlog");
  });

  test("the plain Prometheus configuration passes promtool check config, rules included", async () => {
    const cm = synth({ plainPrometheusConfig: true }).find((m) => m.metadata.name === "fincoach-prometheus");
    const scrape = parseYaml(cm?.data?.["scrape-configs.yaml"] ?? "") as {
      scrape_configs: ({ job_name: string } & Record<string, unknown>)[];
    };
    assert.deepEqual(
      scrape.scrape_configs.map((j) => j.job_name),
      [...fincoachComponents().map((c) => `fincoach-${c.name}`), "fincoach-sync-workers", "fincoach-model-servers"],
    );
    // Debian's Prometheus (the promtool the tests use) is built without Kubernetes service
    // discovery and refuses `kubernetes_sd_configs`: the discovery part is checked here, and
    // promtool checks the rest (relabel regexes, actions, target labels, intervals) with the
    // discovery swapped for an empty static list.
    for (const job of scrape.scrape_configs)
      assert.ok(
        [JSON.stringify([{ role: "pod", namespaces: { names: ["fc"] } }]), JSON.stringify([{ role: "pod" }])].includes(
          JSON.stringify(job.kubernetes_sd_configs),
        ),
      );
    const checkable = scrape.scrape_configs.map(({ kubernetes_sd_configs: _, ...job }: Record<string, unknown>) => ({
      ...job,
      static_configs: [],
    }));
    const prometheusYml = JSON.stringify({ rule_files: ["rules.yaml"], scrape_configs: checkable });
    const { ok, output } = await promtool(
      { "prometheus.yml": prometheusYml, "rules.yaml": cm?.data?.["rules.yaml"] ?? "" },
      () => ["check", "config", "prometheus.yml"],
    );
    assert.ok(ok, output);
    assert.match(output, /SUCCESS: 1 rule files found/);
  });

  test("synthesis is deterministic", () => {
    assert.deepEqual(synth({ plainPrometheusConfig: true }), synth({ plainPrometheusConfig: true }));
  });
});
