import { rules } from "@fincoach/db";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Ctx } from "../shared/context.ts";
import { parseInput } from "../transactions/parse-input.ts";
import { findRule } from "./find-rule.ts";
import { lockRuleList, shiftBetween } from "./rule-order.ts";
import { checkRuleReferences } from "./rule-references.ts";
import { RuleActionFields, RuleConditions, RuleName, requireAction } from "./rule-schemas.ts";
import { type RuleView, toRuleView } from "./rule-view.ts";

/**
 * Fields given replace the rule's (`conditions` as a whole); `position` moves the rule,
 * the ones in between shifting by one (past the end means last). `categoryId: null`
 * removes the category action; the rule must keep at least one action.
 */
export const UpdateRule = z
  .object({
    name: RuleName.optional(),
    position: z.int().min(0).optional(),
    enabled: z.boolean().optional(),
    conditions: RuleConditions.optional(),
    ...RuleActionFields,
  })
  .strict()
  .meta({ id: "UpdateRule" });
export type UpdateRule = z.input<typeof UpdateRule>;

/** The rule as it would be after the patch must still have an action. */
const Actions = z.object(RuleActionFields).superRefine(requireAction);

export const updateRule = async ({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string; patch: UpdateRule };
}): Promise<RuleView> => {
  const patch = parseInput(UpdateRule, input.patch);
  return ctx.db.transaction(async (tx) => {
    const size = await lockRuleList(tx, ctx.userId);
    const rule = await findRule(tx, ctx.userId, input.id);
    const next = {
      conditions: patch.conditions ?? rule.conditions,
      categoryId: patch.categoryId === undefined ? rule.categoryId : patch.categoryId,
      tags: patch.tags ?? rule.tags,
    };
    parseInput(Actions, { categoryId: next.categoryId, tags: next.tags });
    // Only what the patch brings is checked: a rule whose account has since been deleted
    // can still be renamed, moved or given new conditions.
    await checkRuleReferences(
      { db: tx, userId: ctx.userId },
      { conditions: patch.conditions ?? {}, categoryId: patch.categoryId },
    );
    const position = patch.position === undefined ? rule.position : Math.min(patch.position, size - 1);
    if (position !== rule.position) await shiftBetween(tx, ctx.userId, rule.position, position);
    const [row] = await tx
      .update(rules)
      .set({ ...next, name: patch.name, enabled: patch.enabled, position })
      .where(and(eq(rules.id, rule.id), eq(rules.userId, ctx.userId)))
      .returning();
    return toRuleView(row!);
  });
};
