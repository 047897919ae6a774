import type { Ctx } from "@fincoach/domain";
import type { Context } from "hono";
import type { ApiContext } from "../api-context.ts";

/** The use-case context for the authenticated person making this request. */
export const ctxOf = (c: Context<ApiContext>): Ctx => ({ db: c.var.deps.database.db, userId: c.var.userId });
