import type { Debt } from "@fincoach/db";
import type { Ctx } from "../shared/context.ts";
import { debtBalances } from "./debt-balances.ts";
import { type DebtView, toDebtView } from "./debt-view.ts";
import { findDebt } from "./find-debt.ts";

/** The debt's view with what it owes now. */
export const viewDebt = async (ctx: Ctx, debt: Debt): Promise<DebtView> =>
  toDebtView(debt, (await debtBalances(ctx.db, ctx.userId, [debt])).get(debt.id)!);

export const getDebt = async ({ ctx, input }: { ctx: Ctx; input: { id: string } }): Promise<DebtView> =>
  viewDebt(ctx, await findDebt(ctx, input.id));
