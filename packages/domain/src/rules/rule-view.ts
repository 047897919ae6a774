import type { Rule } from "@fincoach/db";
import { z } from "zod";
import { Timestamp, Uuid } from "../shared/schemas.ts";
import { RuleConditions } from "./rule-schemas.ts";

export const RuleView = z
  .object({
    id: Uuid,
    name: z.string(),
    /** 0-based place in the person's list; the first matching rule (lowest position) wins. */
    position: z.int(),
    enabled: z.boolean(),
    conditions: RuleConditions,
    /** null when the rule sets no category (or its category was deleted). */
    categoryId: Uuid.nullable(),
    tags: z.array(z.string()),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: "Rule" });
export type RuleView = z.infer<typeof RuleView>;

export const toRuleView = (r: Rule): RuleView => ({
  id: r.id,
  name: r.name,
  position: r.position,
  enabled: r.enabled,
  conditions: r.conditions,
  categoryId: r.categoryId,
  tags: r.tags,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});
