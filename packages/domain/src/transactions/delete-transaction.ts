import { transactions } from "@fincoach/db";
import { and, eq, inArray } from "drizzle-orm";
import type { Ctx } from "../shared/context.ts";
import { lockTransactionAndLegs } from "./find-transaction.ts";

/**
 * Deletes a transaction and its split parts. A transfer leg takes the other leg with it:
 * half a transfer would leave one account's balance moved by money that came from nowhere.
 */
export const deleteTransaction = async ({ ctx, input }: { ctx: Ctx; input: { id: string } }): Promise<void> =>
  ctx.db.transaction(async (tx) => {
    const { legs } = await lockTransactionAndLegs(tx, ctx.userId, input.id);
    const ids = legs.map((l) => l.id);
    await tx.delete(transactions).where(and(inArray(transactions.id, ids), eq(transactions.userId, ctx.userId)));
  });
