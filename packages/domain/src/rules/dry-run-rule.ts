import { z } from "zod";
import { toDecimal } from "../shared/amounts.ts";
import type { Ctx } from "../shared/context.ts";
import { CurrencyCode, DecimalAmount, IsoDate, Uuid } from "../shared/schemas.ts";
import { parseInput } from "../transactions/parse-input.ts";
import { findRule } from "./find-rule.ts";
import { compileRule } from "./match-rule.ts";
import { ruleMatches } from "./rule-matches.ts";
import { checkRuleReferences } from "./rule-references.ts";
import { RuleDraft } from "./rule-schemas.ts";

export const DRY_RUN_LIMIT = { default: 20, max: 200 } as const;

const Sides = z.object({ categoryId: Uuid.nullable(), tags: z.array(z.string()) });

export const DryRunItem = z
  .object({
    id: Uuid,
    date: IsoDate,
    accountId: Uuid,
    description: z.string(),
    merchant: z.string().nullable(),
    amount: DecimalAmount,
    currency: CurrencyCode,
    /** The transaction's category and tags now, and after the rule. */
    before: Sides,
    after: Sides,
    changes: z.boolean(),
  })
  .meta({ id: "RuleDryRunItem" });

export const DryRunResult = z
  .object({
    /** Transactions the rule matches; apply would report the same number. */
    matched: z.int(),
    /** Of those, how many apply would change. */
    changed: z.int(),
    /** The first matches, newest first. */
    items: z.array(DryRunItem),
  })
  .meta({ id: "RuleDryRunResult" });
export type DryRunResult = z.infer<typeof DryRunResult>;

/**
 * What a rule, saved (`id`) or not (`draft`), would do to the person's existing
 * transactions if applied now: the same evaluation `applyRule` runs, changing nothing.
 * A saved rule runs even when disabled: it is asked for by name.
 */
export const dryRunRule = async ({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: ({ id: string } | { draft: RuleDraft }) & { limit?: number | undefined };
}): Promise<DryRunResult> => {
  let source: Parameters<typeof compileRule>[0];
  if ("id" in input) source = await findRule(ctx.db, ctx.userId, input.id);
  else {
    source = parseInput(RuleDraft, input.draft);
    await checkRuleReferences(ctx, source);
  }
  const matches = await ruleMatches(ctx.db, ctx.userId, compileRule(source));
  const items = matches.slice(0, input.limit ?? DRY_RUN_LIMIT.default).map(({ row, effect }) => ({
    id: row.id,
    date: row.date,
    accountId: row.accountId,
    description: row.description,
    merchant: row.merchant,
    amount: toDecimal(row.amountMinor, row.currency),
    currency: row.currency,
    before: { categoryId: row.categoryId, tags: row.tags },
    after: { categoryId: effect.categoryId, tags: effect.tags },
    changes: effect.changes,
  }));
  return { matched: matches.length, changed: matches.filter((m) => m.effect.changes).length, items };
};
