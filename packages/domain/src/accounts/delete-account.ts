import { accounts } from "@fincoach/db";
import { and, eq } from "drizzle-orm";
import type { Ctx } from "../shared/context.ts";
import { requireRow } from "../shared/require-row.ts";

/** Deletes the account and, by cascade, its transactions and imports. */
export const deleteAccount = async ({ ctx, input }: { ctx: Ctx; input: { id: string } }): Promise<void> => {
  const deleted = await ctx.db
    .delete(accounts)
    .where(and(eq(accounts.id, input.id), eq(accounts.userId, ctx.userId)))
    .returning({ id: accounts.id });
  requireRow(deleted[0], "account");
};
