import { randomUUID } from "node:crypto";
import { categories, type DbOrTx, transactions } from "@fincoach/db";
import { invalidField } from "@fincoach/errors";
import { and, asc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { toMinor } from "../shared/amounts.ts";
import type { Ctx } from "../shared/context.ts";
import { DecimalAmount, IsoDate, Uuid } from "../shared/schemas.ts";
import { requireOwnedAccount, requireOwnedCategories } from "./owned-refs.ts";
import { parseInput } from "./parse-input.ts";
import { Description } from "./transaction-fields.ts";
import { loadTransfer, type TransferView } from "./transfer-view.ts";

export const CreateTransfer = z
  .object({
    fromAccountId: Uuid,
    toAccountId: Uuid,
    date: IsoDate,
    /** Positive: how much moves from `fromAccountId` to `toAccountId`. */
    amount: DecimalAmount,
    description: Description.optional(),
    /** Defaults to the person's top-level category of kind "transfer", if they have one. */
    categoryId: Uuid.nullable().optional(),
  })
  .strict()
  .refine((t) => t.fromAccountId !== t.toAccountId, {
    path: ["toAccountId"],
    message: "must differ from fromAccountId",
  })
  .meta({ id: "CreateTransfer" });
export type CreateTransfer = z.infer<typeof CreateTransfer>;

/**
 * Moves money between two of the person's accounts: a negative row on the source and a
 * positive row on the destination, sharing one transferId, written in one DB transaction.
 * Both accounts must share a currency (exchange rates are out of scope).
 */
export const createTransfer = async ({ ctx, input }: { ctx: Ctx; input: CreateTransfer }): Promise<TransferView> => {
  const data = parseInput(CreateTransfer, input);
  const from = await requireOwnedAccount(ctx, data.fromAccountId, "fromAccountId");
  const to = await requireOwnedAccount(ctx, data.toAccountId, "toAccountId");
  if (from.currency !== to.currency) {
    throw invalidField(
      "toAccountId",
      `is in ${to.currency} but fromAccountId is in ${from.currency}; transfers across currencies are not supported`,
    );
  }
  const amountMinor = toMinor("amount", data.amount, from.currency);
  if (amountMinor <= 0n)
    throw invalidField("amount", "must be positive; the direction is fromAccountId -> toAccountId");
  await requireOwnedCategories(ctx.db, ctx.userId, [{ id: data.categoryId, field: "categoryId" }]);
  const categoryId =
    data.categoryId === undefined ? await defaultTransferCategory(ctx.db, ctx.userId) : data.categoryId;
  const transferId = randomUUID();
  const leg = { userId: ctx.userId, transferId, date: data.date, currency: from.currency, categoryId };
  return ctx.db.transaction(async (tx) => {
    await tx.insert(transactions).values([
      {
        ...leg,
        accountId: from.id,
        amountMinor: -amountMinor,
        description: data.description ?? `Transfer to ${to.name}`,
      },
      { ...leg, accountId: to.id, amountMinor, description: data.description ?? `Transfer from ${from.name}` },
    ]);
    return loadTransfer(tx, ctx.userId, transferId);
  });
};

/** Transfers belong in a "transfer" category so spending and budgets leave them out. */
const defaultTransferCategory = async (db: DbOrTx, userId: string): Promise<string | null> => {
  const [row] = await db
    .select({ id: categories.id })
    .from(categories)
    .where(and(eq(categories.userId, userId), eq(categories.kind, "transfer"), isNull(categories.parentId)))
    .orderBy(asc(categories.createdAt), asc(categories.id))
    .limit(1);
  return row?.id ?? null;
};
