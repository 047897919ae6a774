import { type DbOrTx, rules, users } from "@fincoach/db";
import { and, count, eq, gt, gte, lt, lte, sql } from "drizzle-orm";

/**
 * Serializes one person's rule writes, so positions stay dense (0..n-1) under concurrent
 * creates, moves and deletes. Holds their users row FOR NO KEY UPDATE: that does not block
 * the foreign-key checks (KEY SHARE) of their other writes. Call inside a DB transaction.
 */
export const lockRuleList = async (tx: DbOrTx, userId: string): Promise<number> => {
  await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).for("no key update");
  const [row] = await tx.select({ n: count() }).from(rules).where(eq(rules.userId, userId));
  return row?.n ?? 0;
};

/** Makes room at `position`: every rule from there on moves one down the list. */
export const openSlot = (tx: DbOrTx, userId: string, position: number) =>
  tx
    .update(rules)
    .set({ position: sql`${rules.position} + 1` })
    .where(and(eq(rules.userId, userId), gte(rules.position, position)));

/** Closes the gap a rule left at `position`. */
export const closeSlot = (tx: DbOrTx, userId: string, position: number) =>
  tx
    .update(rules)
    .set({ position: sql`${rules.position} - 1` })
    .where(and(eq(rules.userId, userId), gt(rules.position, position)));

/** Shifts the rules between `from` and `to` so the rule at `from` can take `to`. */
export const shiftBetween = (tx: DbOrTx, userId: string, from: number, to: number) =>
  tx
    .update(rules)
    .set({ position: sql`${rules.position} ${sql.raw(to < from ? "+" : "-")} 1` })
    .where(
      and(
        eq(rules.userId, userId),
        to < from ? gte(rules.position, to) : gt(rules.position, from),
        to < from ? lt(rules.position, from) : lte(rules.position, to),
      ),
    );
