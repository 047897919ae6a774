import { accounts } from "@fincoach/db";
import { asc, eq } from "drizzle-orm";
import type { Ctx } from "../shared/context.ts";
import { accountTotals } from "./account-totals.ts";
import { type AccountView, toAccountView } from "./account-view.ts";

export const listAccounts = async ({ ctx }: { ctx: Ctx }): Promise<AccountView[]> => {
  const rows = await ctx.db
    .select()
    .from(accounts)
    .where(eq(accounts.userId, ctx.userId))
    .orderBy(asc(accounts.createdAt), asc(accounts.id));
  const totals = await accountTotals(
    ctx.db,
    ctx.userId,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toAccountView(r, totals.get(r.id) ?? 0n));
};
