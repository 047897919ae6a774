import { transactions } from "@fincoach/db";
import { and, eq, type SQL, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { z } from "zod";
import type { Ctx } from "../shared/context.ts";
import { findRule } from "./find-rule.ts";
import { compileRule } from "./match-rule.ts";
import { ruleMatches } from "./rule-matches.ts";

export const ApplyRuleResult = z
  .object({
    /** The person's transactions the rule matches. */
    matched: z.int(),
    /** Of those, the ones whose category or tags it changed. */
    changed: z.int(),
  })
  .meta({ id: "ApplyRuleResult" });
export type ApplyRuleResult = z.infer<typeof ApplyRuleResult>;

/** The decision columns of the recategorized rows become the rule's; the others keep theirs. */
const ruleDecision = (t: typeof transactions, ids: SQL) => {
  const when = <T>(column: AnyPgColumn, value: SQL) =>
    sql<T>`case when ${t.id} = any(${ids}) then ${value} else ${column} end`;
  return {
    categorySource: when<"rule">(t.categorySource, sql`'rule'`),
    categoryConfidence: when<number>(t.categoryConfidence, sql`1::real`),
    categoryModel: when<string | null>(t.categoryModel, sql`null`),
    categoryModelVersion: when<string | null>(t.categoryModelVersion, sql`null`),
    categoryAlternatives: when<null>(t.categoryAlternatives, sql`null`),
    suggestedCategoryId: when<string | null>(t.suggestedCategoryId, sql`null`),
    categorizedAt: when<Date>(t.categorizedAt, sql`now()`),
  };
};

/** One array parameter, however many ids: a list of parameters would hit PostgreSQL's 65,535 cap. */
const uuidArray = (ids: string[]) => sql`${sql.param(ids)}::uuid[]`;

/**
 * Runs the rule over the person's existing transactions, in one DB transaction: the
 * matching rows are read under lock, and those that differ get the rule's category and
 * tags in one UPDATE. Never touches another person's rows; a split transaction keeps its
 * parts (and gets only the tags). Runs even when the rule is disabled: asked for by name.
 */
export const applyRule = async ({ ctx, input }: { ctx: Ctx; input: { id: string } }): Promise<ApplyRuleResult> =>
  ctx.db.transaction(async (tx) => {
    const rule = compileRule(await findRule(tx, ctx.userId, input.id));
    const matches = await ruleMatches(tx, ctx.userId, rule, { lock: true });
    const changing = matches.filter((m) => m.effect.changes);
    if (changing.length > 0) {
      const recategorized = changing.filter((m) => m.effect.recategorizes).map((m) => m.row.id);
      const t = transactions;
      await tx
        .update(t)
        .set({
          categoryId: sql`case when ${t.id} = any(${uuidArray(recategorized)}) then ${rule.categoryId}::uuid else ${t.categoryId} end`,
          // A row the rule recategorizes is the rule's decision now (docs/categorization.md).
          ...ruleDecision(t, uuidArray(recategorized)),
          // Appends the rule's tags the row lacks, in the rule's order: the same union ruleEffect computed.
          tags: sql`${t.tags} || array(select x from unnest(${sql.param([...rule.tags])}::text[]) with ordinality as u(x, n) where x <> all(${t.tags}) order by n)`,
        })
        .where(and(eq(t.userId, ctx.userId), sql`${t.id} = any(${uuidArray(changing.map((m) => m.row.id))})`));
    }
    return { matched: matches.length, changed: changing.length };
  });
