import { type DbOrTx, type Rule, rules } from "@fincoach/db";
import { asc, eq } from "drizzle-orm";
import type { Ctx } from "../shared/context.ts";
import { type RuleView, toRuleView } from "./rule-view.ts";

/** The person's rules in the order they run. */
export const rulesInOrder = (db: DbOrTx, userId: string): Promise<Rule[]> =>
  db.select().from(rules).where(eq(rules.userId, userId)).orderBy(asc(rules.position), asc(rules.id));

/** Every rule of the person, first to run first. */
export const listRules = async ({ ctx }: { ctx: Ctx }): Promise<RuleView[]> =>
  (await rulesInOrder(ctx.db, ctx.userId)).map(toRuleView);
