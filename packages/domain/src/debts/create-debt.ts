import { debts } from "@fincoach/db";
import { z } from "zod";
import { findLinkableAccount } from "../accounts/find-linkable-account.ts";
import { toMinor } from "../shared/amounts.ts";
import type { Ctx } from "../shared/context.ts";
import { CurrencyCode, Uuid } from "../shared/schemas.ts";
import { Apr, AprSchedule, DebtBalance, DebtName, InterestMethod, MinimumPayment } from "./debt-rules.ts";
import type { DebtView } from "./debt-view.ts";
import { owedNow } from "./find-debt.ts";
import { viewDebt } from "./get-debt.ts";
import { storedMinimum, storedSchedule } from "./stored-debt-fields.ts";

/**
 * A new debt. With `accountId` it follows that account's balance (and `balance` may be left
 * out); without, `balance` is what is owed until it is changed.
 */
export const CreateDebt = z
  .object({
    name: DebtName,
    balance: DebtBalance.optional(),
    currency: CurrencyCode,
    apr: Apr,
    minimumPayment: MinimumPayment,
    aprSchedule: AprSchedule.optional(),
    interestMethod: InterestMethod.optional(),
    accountId: Uuid.nullable().optional(),
  })
  .strict()
  .refine((d) => d.balance !== undefined || d.accountId, {
    path: ["balance"],
    message: "is required unless the debt follows an account (accountId)",
  })
  .meta({ id: "CreateDebt" });
export type CreateDebt = z.infer<typeof CreateDebt>;

export const createDebt = async ({ ctx, input }: { ctx: Ctx; input: CreateDebt }): Promise<DebtView> => {
  const data = CreateDebt.parse(input);
  const given = data.balance === undefined ? 0n : toMinor("balance", data.balance, data.currency);
  const minimumPayment = storedMinimum(data.minimumPayment, data.currency);
  const account = data.accountId ? await findLinkableAccount(ctx, data.accountId, data.currency, "debt") : undefined;
  // A linked debt stores what its account owes now too, so it keeps a true balance if later unlinked.
  const balanceMinor = account ? await owedNow(ctx, account.id) : given;
  const [row] = await ctx.db
    .insert(debts)
    .values({
      userId: ctx.userId,
      name: data.name,
      accountId: account?.id ?? null,
      balanceMinor,
      currency: data.currency,
      apr: data.apr,
      aprSchedule: storedSchedule(data.aprSchedule ?? []),
      interestMethod: data.interestMethod ?? "monthly",
      minimumPayment,
    })
    .returning();
  return viewDebt(ctx, row!);
};
