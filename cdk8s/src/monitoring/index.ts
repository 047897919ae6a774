export { type AlertThresholds, fincoachRuleGroups } from "./alert-rules.ts";
export {
  COMPONENT_LABEL,
  FINCOACH_COMPONENT_NAMES,
  fincoachComponents,
  type MonitoredComponent,
  NAME_LABEL,
  OPERATOR_MANAGED,
} from "./components.ts";
export { fincoachDashboards } from "./dashboards/index.ts";
export { GRAFANA_DASHBOARD_LABEL, Monitoring, type MonitoringProps } from "./monitoring.ts";
export { backlogExternalRule, prometheusAdapterConfig } from "./prometheus-adapter.ts";
export { plainScrapeConfigs } from "./scrape-targets.ts";
