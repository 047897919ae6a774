import { randomUUID } from "node:crypto";
import { accounts, transactionSplits, transactions } from "@fincoach/db";
import type { Harness } from "../../test-support/api-harness.ts";
import { fixtures } from "../categories/category-fixtures.ts";

type Row = {
  accountId: string;
  date: string;
  amountMinor: bigint;
  currency?: string;
  categoryId?: string | null;
  merchant?: string;
  description?: string;
  transferId?: string;
};

/**
 * The small hand-computed fixture of analytics.test.ts, written straight into the
 * database (the transactions API has its own tests). Every figure the tests expect is
 * worked out next to the rows in docs/analytics.md's terms.
 */
export const analyticsFixture = async (h: Harness) => {
  const f = fixtures(h);
  const db = h.database.db;
  const u = await f.seededUser();
  const cat = (name: string, group: string) => f.categoryId(u.id, name, group);
  const [salary, groceries, restaurants, books, accountTransfer] = await Promise.all([
    cat("Salary", "Income"),
    cat("Groceries", "Food"),
    cat("Restaurants", "Food"),
    cat("Books", "Shopping"),
    cat("Account Transfer", "Transfers"),
  ]);
  const account = async (type: "checking" | "credit_card", currency: string, openingBalanceMinor: bigint) => {
    const [row] = await db
      .insert(accounts)
      .values({ userId: u.id, name: `${type} ${currency}`, type, currency, openingBalanceMinor })
      .returning({ id: accounts.id });
    return row!.id;
  };
  const checking = await account("checking", "EUR", 100_000n);
  const card = await account("credit_card", "EUR", -50_000n);
  const gbp = await account("checking", "GBP", 5_000n);
  const tx = async (r: Row) => {
    const [row] = await db
      .insert(transactions)
      .values({ userId: u.id, currency: "EUR", description: r.merchant ?? "test", ...r })
      .returning({ id: transactions.id });
    return row!.id;
  };
  const cardPayment = randomUUID();
  // Before the range: only net worth (and the baseline) sees these.
  await tx({ accountId: checking, date: "2023-12-15", amountMinor: 10_000n, description: "Cash deposit" });
  await tx({ accountId: checking, date: "2023-12-20", amountMinor: -8_000n, categoryId: groceries, merchant: "Tesco" });
  // January.
  await tx({
    accountId: checking,
    date: "2024-01-05",
    amountMinor: 250_000n,
    categoryId: salary,
    merchant: "Employer",
  });
  await tx({
    accountId: checking,
    date: "2024-01-10",
    amountMinor: -10_000n,
    categoryId: groceries,
    merchant: "Tesco",
  });
  await tx({
    accountId: card,
    date: "2024-01-12",
    amountMinor: -4_050n,
    categoryId: restaurants,
    merchant: "Pizza Place",
  });
  await tx({
    accountId: card,
    date: "2024-01-20",
    amountMinor: 1_025n,
    categoryId: restaurants,
    merchant: "Pizza Place",
  });
  // The card payment, both legs linked as a transfer.
  await tx({
    accountId: checking,
    date: "2024-01-25",
    amountMinor: -20_000n,
    transferId: cardPayment,
    categoryId: null,
  });
  await tx({ accountId: card, date: "2024-01-25", amountMinor: 20_000n, transferId: cardPayment, categoryId: null });
  // A card payment seen only on the card, uncategorized; a transfer seen only by its category.
  await tx({ accountId: card, date: "2024-01-26", amountMinor: 5_000n, description: "PAYMENT THANK YOU" });
  await tx({ accountId: checking, date: "2024-01-27", amountMinor: -7_000n, categoryId: accountTransfer });
  await tx({ accountId: checking, date: "2024-01-28", amountMinor: -500n, description: "ATM fee" });
  await tx({ accountId: checking, date: "2024-01-29", amountMinor: 300n, description: "Cashback" });
  // 23:30 local on 31 January: the bank books the local calendar date.
  const split = await tx({ accountId: checking, date: "2024-01-31", amountMinor: -6_000n, description: "Corner Shop" });
  await db.insert(transactionSplits).values([
    { userId: u.id, transactionId: split, categoryId: groceries, amountMinor: -4_500n },
    { userId: u.id, transactionId: split, categoryId: books, amountMinor: -1_500n },
  ]);
  await tx({
    accountId: gbp,
    currency: "GBP",
    date: "2024-01-15",
    amountMinor: -1_234n,
    categoryId: groceries,
    merchant: "Sainsbury's",
  });
  // February: nothing. March.
  await tx({
    accountId: checking,
    date: "2024-03-01",
    amountMinor: -2_000n,
    categoryId: groceries,
    merchant: " TESCO  ",
  });
  return { user: u, ids: { groceries, restaurants, books } };
};
