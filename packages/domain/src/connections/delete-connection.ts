import { connections } from "@fincoach/db";
import { and, eq } from "drizzle-orm";
import type { Ctx } from "../shared/context.ts";
import { requireRow } from "../shared/require-row.ts";

/**
 * Deletes the connection, its sealed credential and its sync jobs (cascade). Transactions
 * it brought in stay: they are the person's records now.
 */
export const deleteConnection = async ({ ctx, input }: { ctx: Ctx; input: { id: string } }): Promise<void> => {
  const [deleted] = await ctx.db
    .delete(connections)
    .where(and(eq(connections.id, input.id), eq(connections.userId, ctx.userId)))
    .returning({ id: connections.id });
  requireRow(deleted, "connection");
};
