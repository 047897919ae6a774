import { debts } from "@fincoach/db";
import { asc, eq } from "drizzle-orm";
import type { Ctx } from "../shared/context.ts";
import { debtBalances } from "./debt-balances.ts";
import { type DebtView, toDebtView } from "./debt-view.ts";

/** Every debt of the person, oldest first (the planner's last tie-break), with what each owes now. */
export const listDebts = async ({ ctx }: { ctx: Ctx }): Promise<DebtView[]> => {
  const rows = await ctx.db
    .select()
    .from(debts)
    .where(eq(debts.userId, ctx.userId))
    .orderBy(asc(debts.createdAt), asc(debts.id));
  const balances = await debtBalances(ctx.db, ctx.userId, rows);
  return rows.map((d) => toDebtView(d, balances.get(d.id)!));
};
