import { rules } from "@fincoach/db";
import { z } from "zod";
import type { Ctx } from "../shared/context.ts";
import { parseInput } from "../transactions/parse-input.ts";
import { lockRuleList, openSlot } from "./rule-order.ts";
import { checkRuleReferences } from "./rule-references.ts";
import { RuleActionFields, RuleConditions, RuleName, requireAction } from "./rule-schemas.ts";
import { type RuleView, toRuleView } from "./rule-view.ts";

/** `position` defaults to the end of the list (a value past the end means the end too). */
export const CreateRule = z
  .object({
    name: RuleName,
    position: z.int().min(0).optional(),
    enabled: z.boolean().optional(),
    conditions: RuleConditions,
    ...RuleActionFields,
  })
  .strict()
  .superRefine(requireAction)
  .meta({ id: "CreateRule" });
export type CreateRule = z.input<typeof CreateRule>;

export const createRule = async ({ ctx, input }: { ctx: Ctx; input: CreateRule }): Promise<RuleView> => {
  const data = parseInput(CreateRule, input);
  await checkRuleReferences(ctx, data);
  return ctx.db.transaction(async (tx) => {
    const size = await lockRuleList(tx, ctx.userId);
    const position = Math.min(data.position ?? size, size);
    await openSlot(tx, ctx.userId, position);
    const [row] = await tx
      .insert(rules)
      .values({
        userId: ctx.userId,
        name: data.name,
        position,
        enabled: data.enabled ?? true,
        conditions: data.conditions,
        categoryId: data.categoryId ?? null,
        tags: data.tags ?? [],
      })
      .returning();
    return toRuleView(row!);
  });
};
