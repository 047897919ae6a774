import type { StatsConfig } from "../env.ts";
import { prometheusStatsSource } from "./prometheus-stats-source.ts";
import { httpStatsSource, type StatsSource } from "./stats-source.ts";

/** The stats source STATS_SOURCE names, built from its options. */
export const createStatsSource = (config: StatsConfig): StatsSource =>
  config.source === "prometheus" ? prometheusStatsSource(config) : httpStatsSource(config);
