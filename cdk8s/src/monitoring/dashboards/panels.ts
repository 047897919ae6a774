import {
  type Dashboard,
  DashboardBuilder,
  DatasourceVariableBuilder,
  QueryVariableBuilder,
  RowBuilder,
  VariableRefresh,
} from "@grafana/grafana-foundation-sdk/dashboard";
import { DataqueryBuilder } from "@grafana/grafana-foundation-sdk/prometheus";
import { PanelBuilder as StatPanelBuilder } from "@grafana/grafana-foundation-sdk/stat";
import { PanelBuilder as TimeseriesPanelBuilder } from "@grafana/grafana-foundation-sdk/timeseries";

/** Every panel and variable queries the Prometheus the dashboard's `datasource` variable picks. */
// biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's variable syntax, not a JS template.
const DATASOURCE = { type: "prometheus", uid: "${datasource}" };

/** Namespace matcher every query carries: the `namespace` variable (multi-value, All = any). */
export const NS = 'namespace=~"$namespace"';

/** One query of a panel: PromQL and the legend Grafana draws for each series. */
export type Query = { expr: string; legend: string };

const targets = (queries: readonly Query[]) =>
  queries.map((q, i) =>
    new DataqueryBuilder()
      .expr(q.expr)
      .legendFormat(q.legend)
      .refId(String.fromCharCode(65 + i)),
  );

/** A time series panel, half the dashboard wide unless `width` says otherwise (of 24). */
export const timeseries = (title: string, unit: string, queries: readonly Query[], width = 12) =>
  new TimeseriesPanelBuilder()
    .title(title)
    .unit(unit)
    .datasource(DATASOURCE)
    .span(width)
    .height(8)
    .targets(targets(queries));

/** A single-value panel (the latest value of each series). */
export const stat = (title: string, unit: string, queries: readonly Query[], width = 6) =>
  new StatPanelBuilder().title(title).unit(unit).datasource(DATASOURCE).span(width).height(4).targets(targets(queries));

type Panel = ReturnType<typeof timeseries> | ReturnType<typeof stat>;

/** A dashboard's rows, each a title and its panels, in order. */
export type Rows = readonly { title: string; panels: readonly Panel[] }[];

/**
 * A FinCoach dashboard: the data source and namespace variables, tagged `fincoach`,
 * with a stable uid (the Grafana sidecar and links find it by uid).
 */
export const fincoachDashboard = (uid: string, title: string, description: string, rows: Rows): Dashboard => {
  const builder = new DashboardBuilder(title)
    .uid(uid)
    .description(description)
    .tags(["fincoach"])
    .refresh("30s")
    .time({ from: "now-6h", to: "now" })
    .timezone("browser")
    .withVariable(new DatasourceVariableBuilder("datasource").label("Data source").type("prometheus"))
    .withVariable(
      new QueryVariableBuilder("namespace")
        .label("Namespace")
        .datasource(DATASOURCE)
        .query('label_values(up{component=~".+"}, namespace)')
        .refresh(VariableRefresh.OnTimeRangeChanged)
        .multi(true)
        .includeAll(true)
        .allValue(".*"),
    );
  // Ids in order of appearance: Grafana links to and edits panels by id, and repairs
  // duplicates or missing ones only when the dashboard is saved from its UI.
  let id = 0;
  for (const row of rows) {
    builder.withRow(new RowBuilder(row.title).id(++id));
    for (const panel of row.panels) builder.withPanel(panel.id(++id));
  }
  return builder.build();
};
