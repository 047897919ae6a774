import { accounts } from "@fincoach/db";
import { and, eq } from "drizzle-orm";
import type { Ctx } from "../shared/context.ts";
import { requireRow } from "../shared/require-row.ts";
import { accountTotals } from "./account-totals.ts";
import { type AccountView, toAccountView } from "./account-view.ts";

/** The person's account row, or NOT_FOUND (also for someone else's account). */
export const findAccount = async (ctx: Ctx, id: string) =>
  requireRow(
    (
      await ctx.db
        .select()
        .from(accounts)
        .where(and(eq(accounts.id, id), eq(accounts.userId, ctx.userId)))
    )[0],
    "account",
  );

export const getAccount = async ({ ctx, input }: { ctx: Ctx; input: { id: string } }): Promise<AccountView> => {
  const account = await findAccount(ctx, input.id);
  const totals = await accountTotals(ctx.db, ctx.userId, [account.id]);
  return toAccountView(account, totals.get(account.id) ?? 0n);
};
