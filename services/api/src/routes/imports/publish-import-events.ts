import type { ImportResult } from "@fincoach/domain";
import { publishUserEvent, type UserEvent } from "@fincoach/events";
import type { Logger } from "@fincoach/logging";
import { safeError } from "@fincoach/logging";
import type { ApiDeps } from "../../api-context.ts";

/**
 * Tells the person's live stream (`GET /v1/events`) that an import committed:
 * `import.completed`, then `transactions.created` (a count; the client refetches) when rows
 * were added. Never throws: the import is committed, and a lost event only delays a refetch.
 */
export const publishImportEvents = async (
  deps: Pick<ApiDeps, "redis" | "config">,
  logger: Pick<Logger, "warn">,
  userId: string,
  result: ImportResult,
): Promise<void> => {
  const { importId, status, inserted, duplicates, skipped, failed } = result;
  const events: UserEvent[] = [
    {
      type: "import.completed",
      data: { importId, status: status as "completed", inserted, duplicates, skipped, failed },
    },
  ];
  if (inserted > 0) events.push({ type: "transactions.created", data: { count: inserted } });
  for (const event of events) {
    try {
      await publishUserEvent(deps.redis, deps.config.redisPrefix, userId, event);
    } catch (e) {
      logger.warn({ event: event.type, importId, err: safeError(e) }, "cannot publish event");
    }
  }
};
