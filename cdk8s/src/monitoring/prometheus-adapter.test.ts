import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { registerQueueBacklog } from "@fincoach/jobs";
import { Registry } from "prom-client";
// The operator is a deployable (scripts/check-dependencies.ts: nothing may depend on it), so
// the test reaches its pure HPA builder by path: the point is to read the HPA it really writes.
import { desiredSyncScheduleChildren } from "../../../operator/src/sync-schedule/desired-sync-schedule-children.ts";
import { syncSchedule } from "../../../operator/src/sync-schedule/sync-schedule-fixture.ts";
import { backlogExternalRule } from "./prometheus-adapter.ts";
import { metricNames } from "./promql-metric-names.ts";
import { promtool } from "./promtool.ts";

const { hpa } = desiredSyncScheduleChildren(syncSchedule({}, { name: "nightly", namespace: "team-a" }));
const external = hpa.spec?.metrics?.[0]?.external;
const rule = backlogExternalRule();

/** `<<.LabelMatchers>>` as prometheus-adapter renders it for an HPA: its selector plus the namespace override. */
const labelMatchers = (selector: Record<string, string>, namespace: string) =>
  [...Object.entries(selector), ["namespace", namespace]].map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(",");

describe("prometheus-adapter rule for the worker HPA", () => {
  test("the operator's HPA asks for an External metric with a queue selector", () => {
    assert.ok(external, "the HPA has an External metric");
    assert.ok(external.metric.selector?.matchLabels?.queue, "selected by queue");
  });

  test("the series the rule discovers become the External metric the HPA names", () => {
    const [series, ...more] = metricNames(rule.seriesQuery);
    assert.equal(more.length, 0);
    assert.ok(series);
    assert.match(series, new RegExp(rule.name.matches));
    assert.equal(series.replace(new RegExp(rule.name.matches), rule.name.as), external?.metric.name);
  });

  test("the labels the adapter matches on are on the workers' series", () => {
    const gauge = registerQueueBacklog(new Registry(), []) as unknown as { labelNames: string[] };
    const targetLabels = ["namespace"]; // set by the ServiceMonitor/PodMonitor and the plain scrape config
    for (const label of [
      ...Object.keys(external?.metric.selector?.matchLabels ?? {}),
      ...Object.keys(rule.resources.overrides),
    ])
      assert.ok([...gauge.labelNames, ...targetLabels].includes(label), `${label} is not on the series`);
    assert.deepEqual(Object.values(rule.resources.overrides), [{ resource: "namespace" }]);
  });

  test("the metrics query, evaluated by Prometheus's engine, gives the HPA its queue's backlog once", async () => {
    const [series] = metricNames(rule.seriesQuery);
    const queue = external?.metric.selector?.matchLabels?.queue ?? "";
    const query = rule.metricsQuery
      .replace("<<.Series>>", series ?? "")
      .replace("<<.LabelMatchers>>", labelMatchers(external?.metric.selector?.matchLabels ?? {}, "team-a"));
    const input = (namespace: string, pod: string, q: string, value: number) => ({
      series: `${series}{component="sync-worker",namespace="${namespace}",pod="${pod}",queue="${q}"}`,
      values: `${value}x5`,
    });
    const doc = {
      rule_files: [],
      evaluation_interval: "1m",
      tests: [
        {
          interval: "1m",
          input_series: [
            // Two replicas of the pool report the same backlog.
            input("team-a", "w1", queue, 42),
            input("team-a", "w2", queue, 42),
            input("team-a", "w3", "sync-team-a-hourly", 7),
            input("team-b", "x1", queue, 1000),
          ],
          promql_expr_test: [
            { expr: query, eval_time: "2m", exp_samples: [{ labels: `{queue="${queue}"}`, value: 42 }] },
          ],
        },
      ],
    };
    const { ok, output } = await promtool({ "adapter.test.yaml": JSON.stringify(doc) }, () => [
      "test",
      "rules",
      "adapter.test.yaml",
    ]);
    assert.ok(ok, `${query}\n${output}`);
  });
});
