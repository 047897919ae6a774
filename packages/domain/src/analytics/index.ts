export { AnalyticsQuery, type AnalyticsRange, INTERVALS, MAX_PERIODS, resolveRange } from "./analytics-query.ts";
export { CashFlowView, MerchantsView, NetWorthView, SpendingView } from "./analytics-views.ts";
export { cashFlowStatement, getCashFlow } from "./get-cash-flow.ts";
export { getNetWorth, netWorthStatement } from "./get-net-worth.ts";
export { getSpending, spendingStatement } from "./get-spending.ts";
export { getTopMerchants, MerchantsQuery, merchantsStatement } from "./get-top-merchants.ts";
export { BASELINE_PERIODS } from "./median-baseline.ts";
