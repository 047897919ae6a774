import { debts } from "@fincoach/db";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { findLinkableAccount } from "../accounts/find-linkable-account.ts";
import { toMinor } from "../shared/amounts.ts";
import type { Ctx } from "../shared/context.ts";
import { Uuid } from "../shared/schemas.ts";
import { Apr, AprSchedule, DebtBalance, DebtName, InterestMethod, MinimumPayment } from "./debt-rules.ts";
import type { DebtView } from "./debt-view.ts";
import { findDebt, owedNow } from "./find-debt.ts";
import { getDebt } from "./get-debt.ts";
import { storedMinimum, storedSchedule } from "./stored-debt-fields.ts";

/** The currency is fixed at creation (its amounts are in it); everything else may change. */
export const UpdateDebt = z
  .object({
    name: DebtName.optional(),
    balance: DebtBalance.optional(),
    apr: Apr.optional(),
    minimumPayment: MinimumPayment.optional(),
    aprSchedule: AprSchedule.optional(),
    interestMethod: InterestMethod.optional(),
    accountId: Uuid.nullable().optional(),
  })
  .strict()
  .meta({ id: "UpdateDebt" });
export type UpdateDebt = z.infer<typeof UpdateDebt>;

export const updateDebt = async ({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string; patch: UpdateDebt };
}): Promise<DebtView> => {
  const patch = UpdateDebt.parse(input.patch);
  const debt = await findDebt(ctx, input.id);
  const minimumPayment = patch.minimumPayment && storedMinimum(patch.minimumPayment, debt.currency);
  if (patch.accountId) await findLinkableAccount(ctx, patch.accountId, debt.currency, "debt");
  let balanceMinor = patch.balance === undefined ? undefined : toMinor("balance", patch.balance, debt.currency);
  // Unlinking keeps what the account owed at that moment (unless a balance is given), and
  // linking stores it too: the debt never falls back to a stale figure when unlinked.
  if (patch.accountId === null && debt.accountId && balanceMinor === undefined) {
    balanceMinor = await owedNow(ctx, debt.accountId);
  }
  if (patch.accountId) balanceMinor = await owedNow(ctx, patch.accountId);
  await ctx.db
    .update(debts)
    .set({
      name: patch.name,
      balanceMinor,
      apr: patch.apr,
      minimumPayment,
      aprSchedule: patch.aprSchedule && storedSchedule(patch.aprSchedule),
      interestMethod: patch.interestMethod,
      accountId: patch.accountId,
    })
    .where(and(eq(debts.id, debt.id), eq(debts.userId, ctx.userId)));
  return getDebt({ ctx, input: { id: debt.id } });
};
