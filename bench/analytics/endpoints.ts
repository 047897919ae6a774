import {
  type AnalyticsRange,
  cashFlowStatement,
  merchantsStatement,
  netWorthStatement,
  resolveRange,
  spendingStatement,
} from "@fincoach/domain";
import type { SQL } from "drizzle-orm";

export const ENDPOINTS = ["cash-flow", "spending", "net-worth", "merchants"] as const;
export type Endpoint = (typeof ENDPOINTS)[number];

/** The merchants endpoint's default: what a dashboard's "top merchants" card asks for. */
const MERCHANTS_LIMIT = 10;

/** Time zones the people are spread over: the year's bounds differ per zone only by "today". */
const TIME_ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Tokyo"] as const;

/**
 * A year of monthly figures, as a dashboard asks for it: the twelve calendar months up to
 * today, in one of the time zones. The query string the API gets, and the range the floor
 * resolves from the same parameters.
 */
export const yearOfMonths = (draw: number) => {
  const timeZone = TIME_ZONES[draw % TIME_ZONES.length]!;
  const params = { interval: "month" as const, timeZone };
  return { query: new URLSearchParams(params).toString(), range: resolveRange(params) };
};

/** The one SQL statement the API issues for `endpoint` (the use cases build it the same way). */
export const statementFor = (endpoint: Endpoint, userId: string, range: AnalyticsRange): SQL => {
  switch (endpoint) {
    case "cash-flow":
      return cashFlowStatement(userId, range);
    case "spending":
      return spendingStatement(userId, range);
    case "net-worth":
      return netWorthStatement(userId, range);
    case "merchants":
      return merchantsStatement(userId, range, MERCHANTS_LIMIT);
  }
};
