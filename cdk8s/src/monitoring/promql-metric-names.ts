import { parser } from "@prometheus-io/lezer-promql";

/**
 * Grafana's interval variables, which stand where PromQL wants a duration; replaced by one
 * so Grafana queries parse. Other variables only appear inside label-value strings.
 */
const GRAFANA_DURATIONS = /\$__(rate_interval|interval|range)\b|\$\{__(rate_interval|interval|range)\}/g;

/**
 * The metric names a PromQL expression selects, read from the syntax tree of Prometheus's
 * own grammar (@prometheus-io/lezer-promql, the parser of Prometheus's web UI), so names in
 * strings, label names, functions and keywords are never mistaken for metrics. Throws on a
 * syntax error and on a `{__name__=...}` selector (its names could be regexes; FinCoach's
 * queries always name the metric).
 */
export const metricNames = (expr: string): string[] => {
  const text = expr.replace(GRAFANA_DURATIONS, "5m");
  const tree = parser.parse(text);
  const names = new Set<string>();
  const cursor = tree.cursor();
  do {
    const node = cursor.node;
    if (node.type.isError) throw new SyntaxError(`PromQL syntax error at ${node.from} in: ${text}`);
    if (node.type.name === "Identifier" && node.parent?.type.name === "VectorSelector")
      names.add(text.slice(node.from, node.to));
    if (node.type.name === "LabelName" && text.slice(node.from, node.to) === "__name__")
      throw new Error(`selector by __name__ in: ${text}`);
  } while (cursor.next());
  return [...names].sort();
};
