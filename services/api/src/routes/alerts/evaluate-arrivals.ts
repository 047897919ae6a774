import { evaluateAlertsQuietly, evaluateImportAlerts } from "@fincoach/domain";
import { alertNotificationSink } from "@fincoach/domain/notifications";
import { alertEventSink } from "@fincoach/events";
import type { Context } from "hono";
import type { ApiContext } from "../../api-context.ts";
import { notifierOf } from "../notifications/notify-from-api.ts";

const optionsOf = (c: Context<ApiContext>) => {
  const deps = c.get("deps");
  const logger = c.get("logger");
  return {
    sinks: [alertEventSink(deps.redis, deps.config.redisPrefix), alertNotificationSink(notifierOf(deps, logger))],
    warn: (message: string, detail: Record<string, unknown>) => logger.warn(detail, message),
  };
};

/**
 * Alerts for transactions this request committed (docs/alerts.md). Never throws: the rows
 * are stored, and a failed evaluation is logged, not answered as an error.
 */
export const evaluateArrivals = (c: Context<ApiContext>, transactionIds: readonly string[]): Promise<unknown> =>
  evaluateAlertsQuietly(c.get("deps").database.db, c.get("userId"), transactionIds, optionsOf(c));

/** Alerts for the rows a synchronous import committed. Never throws. */
export const evaluateImportArrivals = (c: Context<ApiContext>, importId: string): Promise<unknown> =>
  evaluateImportAlerts(c.get("deps").database.db, c.get("userId"), importId, optionsOf(c));
