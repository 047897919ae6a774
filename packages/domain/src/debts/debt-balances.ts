import { accounts, type DbOrTx, type Debt, transactions } from "@fincoach/db";
import { and, eq, inArray, sql } from "drizzle-orm";

/**
 * What each debt owes now. A linked debt follows its account: the account's balance (opening
 * balance plus every transaction) negated, since money owed shows as a negative balance, and 0
 * when the account is in credit. Other debts owe their stored balance. One query for all.
 */
export const debtBalances = async (db: DbOrTx, userId: string, rows: readonly Debt[]): Promise<Map<string, bigint>> => {
  const accountIds = [...new Set(rows.flatMap((d) => (d.accountId ? [d.accountId] : [])))];
  const byAccount = new Map<string, bigint>();
  if (accountIds.length > 0) {
    const balances = await db
      .select({
        id: accounts.id,
        opening: accounts.openingBalanceMinor,
        total: sql<string>`coalesce(sum(${transactions.amountMinor}), 0)::text`,
      })
      .from(accounts)
      .leftJoin(transactions, eq(transactions.accountId, accounts.id))
      .where(and(eq(accounts.userId, userId), inArray(accounts.id, accountIds)))
      .groupBy(accounts.id);
    for (const b of balances) byAccount.set(b.id, b.opening + BigInt(b.total));
  }
  return new Map(
    rows.map((d) => {
      const accountBalance = d.accountId ? byAccount.get(d.accountId) : undefined;
      return [d.id, accountBalance === undefined ? d.balanceMinor : owedOn(accountBalance)];
    }),
  );
};

/** What an account's balance says is owed: money owed is a negative balance; an account in credit owes 0. */
export const owedOn = (accountBalanceMinor: bigint): bigint => (accountBalanceMinor < 0n ? -accountBalanceMinor : 0n);
