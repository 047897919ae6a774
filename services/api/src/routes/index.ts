import type { OpenAPIHono } from "@hono/zod-openapi";
import type { ApiContext } from "../api-context.ts";
import { registerAccountRoutes } from "./accounts/register-account-routes.ts";
import { registerAlertRoutes } from "./alerts/register-alert-routes.ts";
import { registerAnalyticsRoutes } from "./analytics/register-analytics-routes.ts";
import { registerAuthRoutes } from "./auth/register-auth-routes.ts";
import { registerBudgetRoutes } from "./budgets/register-budget-routes.ts";
import { registerCategoryRoutes } from "./categories/register-category-routes.ts";
import { registerCategorizationRoutes } from "./categorization/register-categorization-routes.ts";
import { registerConnectionRoutes } from "./connections/register-connection-routes.ts";
import { registerDebtRoutes } from "./debts/register-debt-routes.ts";
import { registerEventRoutes } from "./events/register-event-routes.ts";
import { registerExportRoutes } from "./exports/register-export-routes.ts";
import { registerGoalRoutes } from "./goals/register-goal-routes.ts";
import { registerImportRoutes } from "./imports/register-import-routes.ts";
import { registerMeRoutes } from "./me/register-me-routes.ts";
import { registerNotificationRoutes } from "./notifications/register-notification-routes.ts";
import { registerNudgeRoutes } from "./nudges/register-nudge-routes.ts";
import { registerPlanRoutes } from "./plans/register-plan-routes.ts";
import { registerRecurringRoutes } from "./recurring/register-recurring-routes.ts";
import { registerRuleRoutes } from "./rules/register-rule-routes.ts";
import { registerSyncJobRoutes } from "./sync-jobs/register-sync-job-routes.ts";
import { registerTokenRoutes } from "./tokens/register-token-routes.ts";
import { registerTransactionRoutes } from "./transactions/register-transaction-routes.ts";
import { registerWebhookRoutes } from "./webhooks/register-webhook-routes.ts";

/** Every `/v1` route group, in the order they appear in the OpenAPI document. */
export const registerRoutes = (app: OpenAPIHono<ApiContext>): void => {
  registerAuthRoutes(app);
  registerMeRoutes(app);
  registerCategorizationRoutes(app);
  registerTokenRoutes(app);
  registerAccountRoutes(app);
  registerImportRoutes(app);
  // Hono matches in registration order: export routes (GET /v1/transactions/export) must be
  // registered before registerTransactionRoutes, or `/v1/transactions/{id}` answers "export".
  registerExportRoutes(app);
  registerTransactionRoutes(app);
  registerCategoryRoutes(app);
  registerBudgetRoutes(app);
  registerAlertRoutes(app);
  registerAnalyticsRoutes(app);
  registerGoalRoutes(app);
  registerDebtRoutes(app);
  registerPlanRoutes(app);
  registerRecurringRoutes(app);
  registerNudgeRoutes(app);
  registerRuleRoutes(app);
  registerConnectionRoutes(app);
  registerSyncJobRoutes(app);
  registerEventRoutes(app);
  registerWebhookRoutes(app);
  registerNotificationRoutes(app);
};
