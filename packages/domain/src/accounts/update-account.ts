import { accounts } from "@fincoach/db";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { toMinor } from "../shared/amounts.ts";
import type { Ctx } from "../shared/context.ts";
import { DecimalAmount } from "../shared/schemas.ts";
import { AccountNumber, AccountType, type AccountView } from "./account-view.ts";
import { findAccount, getAccount } from "./get-account.ts";

/** Currency is fixed at creation: the account's transactions are recorded in it. */
export const UpdateAccount = z
  .object({
    name: z.string().trim().min(1).max(120).optional(),
    type: AccountType.optional(),
    /** `null` forgets it (the next import of a file stating one sets it again). */
    accountNumber: AccountNumber.nullable().optional(),
    openingBalance: DecimalAmount.optional(),
  })
  .strict()
  .meta({ id: "UpdateAccount" });
export type UpdateAccount = z.infer<typeof UpdateAccount>;

export const updateAccount = async ({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string; patch: UpdateAccount };
}): Promise<AccountView> => {
  const patch = UpdateAccount.parse(input.patch);
  const account = await findAccount(ctx, input.id);
  const openingBalanceMinor =
    patch.openingBalance === undefined ? undefined : toMinor("openingBalance", patch.openingBalance, account.currency);
  await ctx.db
    .update(accounts)
    .set({ name: patch.name, type: patch.type, accountNumber: patch.accountNumber, openingBalanceMinor })
    .where(and(eq(accounts.id, account.id), eq(accounts.userId, ctx.userId)));
  return getAccount({ ctx, input: { id: account.id } });
};
