import { categories, merchantMemories, transactions } from "@fincoach/db";
import { and, desc, eq, gte, isNotNull } from "drizzle-orm";
import { z } from "zod";
import { merchantKeyOf } from "../categorization/merchant-key.ts";
import type { Ctx } from "../shared/context.ts";
import { Uuid } from "../shared/schemas.ts";
import { rulesInOrder } from "./list-rules.ts";
import { compileRules, matchRule, type RuleSubject } from "./match-rule.ts";

/** Identical corrections in a row for a merchant before a rule is offered. */
export const RULE_SUGGESTION_MIN_CORRECTIONS = 3;
/** Recent hand-categorized rows read to phrase the drafts (and to test existing rules on). */
const SAMPLE_ROWS = 2000;

export const RuleSuggestion = z
  .object({
    merchantKey: z.string(),
    categoryId: Uuid,
    categoryName: z.string(),
    /** Identical corrections in a row for this merchant. */
    corrections: z.int(),
    /** Ready for `POST /v1/rules` as it is. */
    draft: z.object({
      name: z.string(),
      conditions: z.object({ merchantContains: z.string().optional(), descriptionContains: z.string().optional() }),
      categoryId: Uuid,
    }),
  })
  .meta({ id: "RuleSuggestion" });
export type RuleSuggestion = z.infer<typeof RuleSuggestion>;

const fold = (s: string) => s.normalize("NFKC").toLowerCase().replace(/\s+/g, " ");

/**
 * The condition a rule needs to match `sample` by its merchant key: the key itself in the
 * merchant field, else in the description, else its longest word the description holds
 * ("bq" is not in "B&Q 1302", "b" would be too broad, so none). null: no plain text works.
 */
const conditionFor = (key: string, sample: { description: string; merchant: string | null }) => {
  if (sample.merchant && fold(sample.merchant).includes(key)) return { merchantContains: key };
  const description = fold(sample.description);
  if (description.includes(key)) return { descriptionContains: key };
  const word = key
    .split(" ")
    .filter((w) => w.length >= 4 && description.includes(w))
    .sort((a, b) => b.length - a.length)[0];
  return word ? { descriptionContains: word } : null;
};

/**
 * Rules worth creating: merchants the person corrected to one category at least
 * RULE_SUGGESTION_MIN_CORRECTIONS times in a row, that none of their enabled rules already
 * categorizes (tested on their latest such transaction), most corrections first. Each
 * comes with a draft that `POST /v1/rules` accepts as it is.
 */
export const listRuleSuggestions = async ({ ctx }: { ctx: Ctx }): Promise<RuleSuggestion[]> => {
  const m = merchantMemories;
  const memories = await ctx.db
    .select({ key: m.merchantKey, categoryId: m.categoryId, corrections: m.corrections, name: categories.name })
    .from(m)
    .innerJoin(categories, eq(categories.id, m.categoryId))
    .where(and(eq(m.userId, ctx.userId), gte(m.corrections, RULE_SUGGESTION_MIN_CORRECTIONS)))
    .orderBy(desc(m.corrections), m.merchantKey);
  if (memories.length === 0) return [];
  const t = transactions;
  const samples = await ctx.db
    .select({
      description: t.description,
      merchant: t.merchant,
      amountMinor: t.amountMinor,
      currency: t.currency,
      accountId: t.accountId,
    })
    .from(t)
    .where(and(eq(t.userId, ctx.userId), eq(t.categorySource, "manual"), isNotNull(t.categoryId)))
    .orderBy(desc(t.categorizedAt))
    .limit(SAMPLE_ROWS);
  const sampleOf = new Map<string, RuleSubject>();
  for (const s of samples) {
    const key = merchantKeyOf(s.description, s.merchant);
    if (!sampleOf.has(key)) sampleOf.set(key, s);
  }
  const rules = compileRules(await rulesInOrder(ctx.db, ctx.userId)).filter((r) => r.categoryId !== null);
  return memories.flatMap((mem) => {
    const sample = sampleOf.get(mem.key);
    if (!sample || matchRule(rules, sample)) return [];
    const conditions = conditionFor(mem.key.slice(0, 200), sample);
    if (!conditions) return [];
    return [
      {
        merchantKey: mem.key,
        categoryId: mem.categoryId,
        categoryName: mem.name,
        corrections: mem.corrections,
        draft: { name: `${mem.key} → ${mem.name}`.slice(0, 100), conditions, categoryId: mem.categoryId },
      },
    ];
  });
};
