import { accounts } from "@fincoach/db";
import { z } from "zod";
import { toMinor } from "../shared/amounts.ts";
import type { Ctx } from "../shared/context.ts";
import { CurrencyCode, DecimalAmount } from "../shared/schemas.ts";
import { AccountNumber, AccountType, type AccountView, toAccountView } from "./account-view.ts";

export const CreateAccount = z
  .object({
    name: z.string().trim().min(1).max(120),
    type: AccountType,
    currency: CurrencyCode,
    accountNumber: AccountNumber.optional(),
    openingBalance: DecimalAmount.optional(),
  })
  .meta({ id: "CreateAccount" });
export type CreateAccount = z.infer<typeof CreateAccount>;

export const createAccount = async ({ ctx, input }: { ctx: Ctx; input: CreateAccount }): Promise<AccountView> => {
  const data = CreateAccount.parse(input);
  const openingBalanceMinor = toMinor("openingBalance", data.openingBalance ?? "0", data.currency);
  const [row] = await ctx.db
    .insert(accounts)
    .values({
      userId: ctx.userId,
      name: data.name,
      type: data.type,
      currency: data.currency,
      accountNumber: data.accountNumber ?? null,
      openingBalanceMinor,
    })
    .returning();
  return toAccountView(row!, 0n);
};
