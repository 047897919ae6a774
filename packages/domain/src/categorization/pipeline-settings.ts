import { type DbOrTx, users } from "@fincoach/db";
import { eq } from "drizzle-orm";
import { rulesInOrder } from "../rules/list-rules.ts";
import { type CompiledRule, compileRules } from "../rules/match-rule.ts";
import { hasMerchantMemories } from "./merchant-memory-lookup.ts";
import { loadPersonCategories, type PersonCategories } from "./person-categories.ts";

/** What the pipeline needs to know about a person, read once per batch (or per import). */
export type PipelineSettings = {
  userId: string;
  rules: readonly CompiledRule[];
  /** The model's pick is applied at or above this probability, suggested below it. */
  threshold: number;
  categories: PersonCategories;
  /** With no remembered correction the memory stage is skipped, and with it normalizing merchants. */
  hasMemories: boolean;
};

export const loadPipelineSettings = async (db: DbOrTx, userId: string): Promise<PipelineSettings> => {
  const [rules, [user], categories, hasMemories] = await Promise.all([
    rulesInOrder(db, userId),
    db.select({ threshold: users.categoryConfidenceThreshold }).from(users).where(eq(users.id, userId)),
    loadPersonCategories(db, userId),
    hasMerchantMemories(db, userId),
  ]);
  // A person deleted mid-request: nothing of theirs can apply, and the write fails on its own.
  return { userId, rules: compileRules(rules), threshold: user?.threshold ?? 1, categories, hasMemories };
};
