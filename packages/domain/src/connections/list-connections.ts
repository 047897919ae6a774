import { connections } from "@fincoach/db";
import { asc, eq } from "drizzle-orm";
import type { Ctx } from "../shared/context.ts";
import { type ConnectionView, toConnectionView } from "./connection-view.ts";

/** Every connection of the person, oldest first (a person has a handful). */
export const listConnections = async ({ ctx }: { ctx: Ctx }): Promise<ConnectionView[]> =>
  (
    await ctx.db
      .select()
      .from(connections)
      .where(eq(connections.userId, ctx.userId))
      .orderBy(asc(connections.createdAt), asc(connections.id))
  ).map(toConnectionView);
