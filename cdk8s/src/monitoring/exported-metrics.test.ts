import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createMetrics } from "@fincoach/telemetry";
import { Testing } from "cdk8s";
import { exportedSeriesByComponent, PROMETHEUS_TARGET_SERIES } from "./exported-metrics.ts";
import { Monitoring } from "./monitoring.ts";
import { backlogExternalRule } from "./prometheus-adapter.ts";
import type { PrometheusRuleSpec } from "./prometheus-operator-objects.ts";
import { type Selector, selectors } from "./promql-metric-names.ts";

type Manifest = { kind: string; metadata: { name: string }; spec?: unknown; data?: Record<string, string> };
type Panel = { title?: string; targets?: { expr?: string }[]; panels?: Panel[] };
type DashboardJson = { uid: string; panels: Panel[]; templating: { list: { name: string; query?: unknown }[] } };

/** Every PromQL expression the synthesized objects carry, with where it comes from. */
const shippedQueries = (): { where: string; expr: string }[] => {
  const chart = Testing.chart();
  new Monitoring(chart, "monitoring", { namespace: "fc", prometheusAdapterNamespace: "monitoring" });
  const manifests = Testing.synth(chart) as Manifest[];
  const out: { where: string; expr: string }[] = [];
  for (const m of manifests) {
    if (m.kind === "PrometheusRule")
      for (const g of (m.spec as PrometheusRuleSpec).groups)
        for (const r of g.rules) out.push({ where: `rule ${"alert" in r ? r.alert : r.record}`, expr: r.expr });
    for (const [key, text] of Object.entries(m.data ?? {})) {
      if (!key.endsWith(".json")) continue;
      const d = JSON.parse(text) as DashboardJson;
      const walk = (panels: Panel[]) => {
        for (const p of panels) {
          for (const t of p.targets ?? []) if (t.expr) out.push({ where: `${d.uid} "${p.title}"`, expr: t.expr });
          walk(p.panels ?? []);
        }
      };
      walk(d.panels);
      for (const v of d.templating.list) {
        // label_values(<selector>, <label>) is Grafana's, not PromQL: its first argument is.
        const inner = typeof v.query === "string" ? /^label_values\((.*),\s*\w+\)$/.exec(v.query)?.[1] : undefined;
        if (inner) out.push({ where: `${d.uid} variable ${v.name}`, expr: inner });
      }
    }
  }
  const rule = backlogExternalRule();
  out.push({ where: "prometheus-adapter seriesQuery", expr: rule.seriesQuery });
  return out;
};

const exported = exportedSeriesByComponent();
const components = [...exported.keys()];

/** The components a selector's `component` matchers admit (all of them when it has none). */
const componentsOf = (s: Selector): string[] =>
  s.matchers
    .filter((m) => m.name === "component")
    .reduce((admitted, m) => {
      const re = new RegExp(`^(?:${m.value})$`);
      const match = (c: string) =>
        m.op === "=" ? c === m.value : m.op === "!=" ? c !== m.value : m.op === "=~" ? re.test(c) : !re.test(c);
      return admitted.filter(match);
    }, components);

describe("every metric a dashboard, alert or adapter rule uses is one the services export", () => {
  const queries = shippedQueries();
  const recorded = new Set(
    queries.flatMap((q) => (q.where.startsWith("rule ") && q.where.includes(":") ? [q.where.slice(5)] : [])),
  );

  test("the queries were found: rules, four dashboards, the adapter", () => {
    assert.ok(queries.some((q) => q.where.startsWith("rule Fincoach")));
    for (const uid of ["fincoach-overview", "fincoach-sync-pipeline", "fincoach-ml-ab", "fincoach-operator"])
      assert.ok(
        queries.some((q) => q.where.startsWith(uid)),
        uid,
      );
    assert.ok(queries.length > 60, `only ${queries.length} queries`);
  });

  test("each selector's metric is registered by a component its `component` matchers admit", () => {
    const problems: string[] = [];
    for (const q of queries) {
      for (const s of selectors(q.expr)) {
        if (PROMETHEUS_TARGET_SERIES.has(s.metric) || recorded.has(s.metric)) continue;
        const admitted = componentsOf(s);
        if (admitted.length === 0) problems.push(`${q.where}: ${s.metric} selects no known component`);
        else if (!admitted.some((c) => exported.get(c)?.has(s.metric)))
          problems.push(`${q.where}: ${s.metric} is not exported by ${admitted.join("|")}`);
      }
    }
    assert.deepEqual(problems, []);
  });

  test("the check itself rejects a metric nobody exports and one asked of the wrong component", () => {
    const admittedExporters = (expr: string) =>
      selectors(expr).map((s) => componentsOf(s).filter((c) => exported.get(c)?.has(s.metric)));
    assert.deepEqual(admittedExporters("rate(fincoach_nobody_exports_this_total[5m])"), [[]]);
    assert.deepEqual(admittedExporters('fincoach_queue_backlog{component="api"}'), [[]]);
    assert.deepEqual(admittedExporters('fincoach_queue_backlog{component=~"worker|api"}'), [["worker"]]);
  });

  test("the latency SLI's bucket bound is a bucket the API's histogram really has", async () => {
    const les = queries
      .flatMap((q) => selectors(q.expr))
      .flatMap((s) => s.matchers.filter((m) => m.name === "le" && m.op === "=").map((m) => m.value));
    assert.ok(les.length > 0);
    // Bucket bounds show only in the exposition: observe once in a fresh registry, read them back.
    const metrics = createMetrics("api");
    metrics.httpRequestDuration.observe({ method: "GET", route: "/x", status: "200" }, 0.001);
    const text = await metrics.registry.metrics();
    const bounds = new Set([...text.matchAll(/http_request_duration_seconds_bucket\{le="([^"]+)"/g)].map((m) => m[1]));
    for (const le of les) assert.ok(bounds.has(le), `le="${le}" is not a bucket of http_request_duration_seconds`);
  });
});
