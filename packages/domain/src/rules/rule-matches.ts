import { type DbOrTx, transactions } from "@fincoach/db";
import { and, asc, desc, eq, gt, lt, sql } from "drizzle-orm";
import { type CompiledRule, matchRule } from "./match-rule.ts";
import { type RuleEffect, ruleEffect } from "./rule-effect.ts";

const t = transactions;
const candidateColumns = {
  id: t.id,
  date: t.date,
  accountId: t.accountId,
  description: t.description,
  merchant: t.merchant,
  amountMinor: t.amountMinor,
  currency: t.currency,
  categoryId: t.categoryId,
  tags: t.tags,
  // Spelled out: drizzle leaves columns unqualified here, and a bare "id" inside the
  // subquery would be the split's own id.
  hasSplits: sql<boolean>`exists (select 1 from "transaction_splits" s where s."transaction_id" = "transactions"."id")`,
};

export type RuleMatch = {
  row: {
    id: string;
    date: string;
    accountId: string;
    description: string;
    merchant: string | null;
    amountMinor: bigint;
    currency: string;
    categoryId: string | null;
    tags: string[];
  };
  effect: RuleEffect;
};

/**
 * The person's transactions the rule matches, with what it would do to each (newest first;
 * with `lock`, in id order):
 * the one evaluation dry run and apply share. SQL narrows only by what it decides exactly
 * the same way (account, sign); `matchRule` decides the rest. `lock` holds the rows read
 * for update (in id order, as bulk recategorize does, so the two queue and never deadlock).
 */
export const ruleMatches = async (
  db: DbOrTx,
  userId: string,
  rule: CompiledRule,
  opts: { lock?: boolean } = {},
): Promise<RuleMatch[]> => {
  const { accountId, direction } = rule.conditions;
  const where = and(
    eq(t.userId, userId),
    accountId === undefined ? undefined : eq(t.accountId, accountId),
    direction === "in" ? gt(t.amountMinor, 0n) : direction === "out" ? lt(t.amountMinor, 0n) : undefined,
  );
  const q = db.select(candidateColumns).from(t).where(where);
  const rows = opts.lock
    ? await q.orderBy(asc(t.id)).for("update", { of: t })
    : await q.orderBy(desc(t.date), desc(t.id));
  const matched: RuleMatch[] = [];
  for (const { hasSplits, ...row } of rows) {
    if (matchRule([rule], row)) matched.push({ row, effect: ruleEffect(rule, { ...row, hasSplits }) });
  }
  return matched;
};
