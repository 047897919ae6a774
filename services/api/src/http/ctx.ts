import type { Db } from "@fincoach/db";
import type { Ctx } from "@fincoach/domain";
import type { Context } from "hono";
import type { ApiContext } from "../api-context.ts";

/**
 * The use-case context for the authenticated person making this request. Handlers read
 * context variables with `c.get`: Hono's `c.var` builds a new object of all of them on
 * every access.
 */
export const ctxOf = (c: Context<ApiContext>): Ctx & { db: Db } => ({
  db: c.get("deps").database.db,
  userId: c.get("userId"),
});
