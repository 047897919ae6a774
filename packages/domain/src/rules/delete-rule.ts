import { rules } from "@fincoach/db";
import { and, eq } from "drizzle-orm";
import type { Ctx } from "../shared/context.ts";
import { requireRow } from "../shared/require-row.ts";
import { closeSlot, lockRuleList } from "./rule-order.ts";

/** Deletes the rule; the rules after it move up one place. Transactions keep what it set. */
export const deleteRule = async ({ ctx, input }: { ctx: Ctx; input: { id: string } }): Promise<void> =>
  ctx.db.transaction(async (tx) => {
    await lockRuleList(tx, ctx.userId);
    const [deleted] = await tx
      .delete(rules)
      .where(and(eq(rules.id, input.id), eq(rules.userId, ctx.userId)))
      .returning({ position: rules.position });
    await closeSlot(tx, ctx.userId, requireRow(deleted, "rule").position);
  });
