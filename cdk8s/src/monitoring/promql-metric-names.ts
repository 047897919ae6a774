import { parser } from "@prometheus-io/lezer-promql";

/**
 * Grafana's interval variables, which stand where PromQL wants a duration; replaced by one
 * so Grafana queries parse. Other variables only appear inside label-value strings.
 */
const GRAFANA_DURATIONS = /\$__(rate_interval|interval|range)\b|\$\{__(rate_interval|interval|range)\}/g;

/** One label matcher of a selector: `component=~"worker|sync-worker"` is `{ name, op: "=~", value }`. */
export type Matcher = { name: string; op: "=" | "!=" | "=~" | "!~"; value: string };
/** One vector selector of an expression: the metric it names and its label matchers. */
export type Selector = { metric: string; matchers: Matcher[] };

/**
 * The vector selectors of a PromQL expression, read from the syntax tree of Prometheus's
 * own grammar (@prometheus-io/lezer-promql, the parser of Prometheus's web UI), so names in
 * strings, label names, functions and keywords are never mistaken for metrics. Throws on a
 * syntax error and on a selector without a metric name (`{__name__=~...}`: FinCoach's
 * queries always name the metric, which is what lets a test check it exists).
 */
export const selectors = (expr: string): Selector[] => {
  const text = expr.replace(GRAFANA_DURATIONS, "5m");
  const tree = parser.parse(text);
  const out: Selector[] = [];
  const slice = (from: number, to: number) => text.slice(from, to);
  const cursor = tree.cursor();
  do {
    const node = cursor.node;
    if (node.type.isError) throw new SyntaxError(`PromQL syntax error at ${node.from} in: ${text}`);
    if (node.type.name !== "VectorSelector") continue;
    const name = node.getChild("Identifier");
    if (!name) throw new Error(`selector without a metric name in: ${text}`);
    const matchers: Matcher[] = [];
    for (const m of node.getChild("LabelMatchers")?.getChildren("UnquotedLabelMatcher") ?? []) {
      const label = m.getChild("LabelName");
      const op = m.getChild("MatchOp");
      const value = m.getChild("StringLiteral");
      if (!label || !op || !value) throw new Error(`incomplete matcher in: ${text}`);
      matchers.push({
        name: slice(label.from, label.to),
        op: slice(op.from, op.to) as Matcher["op"],
        // PromQL double-quoted strings escape like JSON's for everything FinCoach writes.
        value: JSON.parse(slice(value.from, value.to)) as string,
      });
    }
    if (node.getChild("LabelMatchers")?.getChild("QuotedLabelMatcher"))
      throw new Error(`quoted label matcher (UTF-8 names) in: ${text}`);
    out.push({ metric: slice(name.from, name.to), matchers });
  } while (cursor.next());
  return out;
};

/** The metric names a PromQL expression selects, sorted, each once. */
export const metricNames = (expr: string): string[] => [...new Set(selectors(expr).map((s) => s.metric))].sort();
