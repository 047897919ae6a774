import type { Dashboard } from "@grafana/grafana-foundation-sdk/dashboard";
import { mlAbDashboard } from "./ml-ab.ts";
import { operatorDashboard } from "./operator.ts";
import { overviewDashboard } from "./overview.ts";
import { syncPipelineDashboard } from "./sync-pipeline.ts";

/** FinCoach's Grafana dashboards, each with a stable uid. */
export const fincoachDashboards = (): Dashboard[] => [
  overviewDashboard(),
  syncPipelineDashboard(),
  mlAbDashboard(),
  operatorDashboard(),
];
