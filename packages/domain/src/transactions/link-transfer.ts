import { randomUUID } from "node:crypto";
import { transactions } from "@fincoach/db";
import { conflict, invalidField, notFound } from "@fincoach/errors";
import { and, asc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Ctx } from "../shared/context.ts";
import { Uuid } from "../shared/schemas.ts";
import { parseInput } from "./parse-input.ts";
import { loadTransfer, type TransferView } from "./transfer-view.ts";

export const LinkTransfer = z
  .object({
    transactionIds: z
      .tuple([Uuid, Uuid])
      .refine(([a, b]) => a !== b, { message: "must be two different transactions", path: [1] }),
  })
  .strict()
  .meta({ id: "LinkTransfer" });
export type LinkTransfer = z.infer<typeof LinkTransfer>;

/**
 * Marks two existing transactions as the legs of one transfer, e.g. the card payment
 * imported from the checking account and the same payment imported on the card. They
 * must be on different accounts, in one currency, with amounts that negate each other.
 */
export const linkTransfer = async ({ ctx, input }: { ctx: Ctx; input: LinkTransfer }): Promise<TransferView> => {
  const { transactionIds } = parseInput(LinkTransfer, input);
  return ctx.db.transaction(async (tx) => {
    const mine = and(eq(transactions.userId, ctx.userId), inArray(transactions.id, transactionIds));
    // Locked in id order, like every multi-row lock here, so concurrent links can't deadlock.
    const rows = await tx.select().from(transactions).where(mine).orderBy(asc(transactions.id)).for("update");
    const [a, b] = transactionIds.map((id) => rows.find((r) => r.id === id));
    if (!a) throw notFound("transaction (transactionIds.0)");
    if (!b) throw notFound("transaction (transactionIds.1)");
    if (a.transferId || b.transferId) throw conflict("a transaction is already part of a transfer");
    if (a.accountId === b.accountId) throw invalidField("transactionIds", "must be on two different accounts");
    if (a.currency !== b.currency || a.amountMinor !== -b.amountMinor || a.amountMinor === 0n) {
      throw invalidField(
        "transactionIds",
        "amounts must negate each other in the same currency (e.g. -50.00 and 50.00)",
      );
    }
    const transferId = randomUUID();
    await tx.update(transactions).set({ transferId }).where(mine);
    return loadTransfer(tx, ctx.userId, transferId);
  });
};
