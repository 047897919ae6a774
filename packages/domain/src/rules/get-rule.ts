import type { Ctx } from "../shared/context.ts";
import { findRule } from "./find-rule.ts";
import { type RuleView, toRuleView } from "./rule-view.ts";

export const getRule = async ({ ctx, input }: { ctx: Ctx; input: { id: string } }): Promise<RuleView> =>
  toRuleView(await findRule(ctx.db, ctx.userId, input.id));
