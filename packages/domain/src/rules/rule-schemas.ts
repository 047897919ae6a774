import { z } from "zod";
import { DecimalAmount, Uuid } from "../shared/schemas.ts";
import { Tags } from "../transactions/transaction-fields.ts";
import { compareBounds, toBound } from "./rule-amount.ts";

export const RULE_DIRECTIONS = ["in", "out"] as const;

/** Text a description or merchant must contain; plain text, never a regular expression. */
const Needle = z.string().trim().min(1).max(200);

/** Amounts are compared by size (money in or out alike); `direction` tells in from out. */
const AmountBound = DecimalAmount.refine(
  (s) => !s.startsWith("-"),
  "must not be negative: amounts are compared by size; use direction for money in or out",
);

const CONDITION_KEYS = [
  "descriptionContains",
  "merchantContains",
  "amountMin",
  "amountMax",
  "accountId",
  "direction",
] as const;

/**
 * What a transaction must look like for the rule to apply; every condition given must
 * hold, and at least one must be given. Text conditions are case-insensitive substrings
 * (runs of spaces count as one): no user regular expressions, so no pattern can be slow.
 */
export const RuleConditions = z
  .object({
    descriptionContains: Needle.optional().meta({ example: "rewe" }),
    merchantContains: Needle.optional(),
    amountMin: AmountBound.optional().meta({
      description: "Smallest size of the amount, inclusive, in the transaction's currency",
      example: "10.00",
    }),
    amountMax: AmountBound.optional().meta({ description: "Largest size of the amount, inclusive", example: "50.00" }),
    accountId: Uuid.optional(),
    direction: z.enum(RULE_DIRECTIONS).optional().meta({ description: "`in`: amount > 0; `out`: amount < 0" }),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (CONDITION_KEYS.every((k) => c[k] === undefined)) {
      ctx.addIssue({ code: "custom", message: `needs at least one of ${CONDITION_KEYS.join(", ")}` });
    }
    if (c.amountMin && c.amountMax && compareBounds(toBound(c.amountMin), toBound(c.amountMax)) > 0) {
      ctx.addIssue({ code: "custom", path: ["amountMax"], message: "must not be less than amountMin" });
    }
  })
  .meta({ id: "RuleConditions" });
export type RuleConditions = z.infer<typeof RuleConditions>;

export const RuleName = z.string().trim().min(1).max(100);

/** The rule's effect: `categoryId` (one of the person's categories) and/or tags added. */
export const RuleActionFields = {
  categoryId: Uuid.nullable().optional().meta({ description: "Category to set; null or absent sets none" }),
  tags: Tags.optional().meta({ description: "Tags to add (a transaction's other tags are kept)" }),
};

const NO_ACTION = "a rule needs an action: a categoryId, tags, or both";

/** Issues for a rule with neither action, naming both fields that could supply one. */
export const requireAction = (
  r: { categoryId?: string | null | undefined; tags?: string[] | undefined },
  ctx: z.RefinementCtx,
): void => {
  if (r.categoryId || (r.tags?.length ?? 0) > 0) return;
  for (const path of ["categoryId", "tags"]) ctx.addIssue({ code: "custom", path: [path], message: NO_ACTION });
};

/** An unsaved rule, for a dry run: conditions and actions only. */
export const RuleDraft = z
  .object({ name: RuleName.optional(), conditions: RuleConditions, ...RuleActionFields })
  .strict()
  .superRefine(requireAction)
  .meta({ id: "RuleDraft" });
export type RuleDraft = z.infer<typeof RuleDraft>;
