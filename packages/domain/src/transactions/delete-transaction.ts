import { transactions } from "@fincoach/db";
import { and, eq } from "drizzle-orm";
import type { Ctx } from "../shared/context.ts";
import { findTransaction } from "./find-transaction.ts";

/**
 * Deletes a transaction and its split parts. A transfer leg takes the other leg with it:
 * half a transfer would leave one account's balance moved by money that came from nowhere.
 */
export const deleteTransaction = async ({ ctx, input }: { ctx: Ctx; input: { id: string } }): Promise<void> =>
  ctx.db.transaction(async (tx) => {
    const row = await findTransaction(tx, ctx.userId, input.id, { lock: true });
    const target = row.transferId ? eq(transactions.transferId, row.transferId) : eq(transactions.id, row.id);
    await tx.delete(transactions).where(and(target, eq(transactions.userId, ctx.userId)));
  });
