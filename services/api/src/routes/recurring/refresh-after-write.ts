import { refreshRecurringAfterWrite, type WrittenRow } from "@fincoach/domain";
import { safeError } from "@fincoach/logging";
import type { Context } from "hono";
import type { ApiContext } from "../../api-context.ts";
import { ctxOf } from "../../http/ctx.ts";

/**
 * Re-detects the person's recurring streams the committed write touched. Never throws: the
 * transactions are committed and answered; a failed refresh is logged and repaired by the
 * next one on the account (refreshes recompute whole merchant groups).
 */
export const refreshRecurringAfter = async (
  c: Context<ApiContext>,
  scope: { rows?: readonly WrittenRow[]; accountIds?: readonly string[] },
): Promise<void> => {
  try {
    await refreshRecurringAfterWrite({ ctx: ctxOf(c), ...scope });
  } catch (e) {
    c.get("logger").warn({ err: safeError(e), scope: scope.accountIds ?? "rows" }, "cannot refresh recurring streams");
  }
};
