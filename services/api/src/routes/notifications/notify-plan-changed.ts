import type { Context } from "hono";
import type { ApiContext } from "../../api-context.ts";
import { notifyFromApi } from "./notify-from-api.ts";

/** `plan.changed` for a plan created, re-run or deleted (ids only: the receiver fetches the plan). */
export const notifyPlanChanged = (
  c: Context<ApiContext>,
  planId: string,
  change: "created" | "rerun" | "deleted",
): Promise<void> =>
  notifyFromApi(c.get("deps"), c.get("logger"), c.get("userId"), {
    type: "plan.changed",
    // A create and a delete happen once per plan; each re-run is its own event.
    ...(change === "rerun" ? {} : { eventId: `plan.changed:${planId}:${change}` }),
    data: { planId, change },
  });
