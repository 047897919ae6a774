import { accounts, categories, type Database, users } from "@fincoach/db";
import { and, eq } from "drizzle-orm";
import { seedDefaultCategories } from "../categories/seed-default-categories.ts";
import type { Ctx } from "../shared/context.ts";
import type { ModelScore, ScoreModel } from "./model-scorer.ts";

/** A person with the default taxonomy and one GBP account, for the pipeline's tests. */
export const newPerson = async (database: Database, name: string) => {
  const { db } = database;
  const [user] = await db
    .insert(users)
    .values({ email: `${name}-${Math.random().toString(36).slice(2)}@example.com`, passwordHash: "x" })
    .returning();
  await seedDefaultCategories(db, user!.id);
  const [account] = await db
    .insert(accounts)
    .values({ userId: user!.id, name: "Card", type: "checking", currency: "GBP" })
    .returning();
  const ctx: Ctx = { db, userId: user!.id };
  const category = async (categoryName: string): Promise<string> => {
    const [row] = await db
      .select({ id: categories.id })
      .from(categories)
      .where(and(eq(categories.userId, user!.id), eq(categories.name, categoryName)));
    return row!.id;
  };
  return { ctx, userId: user!.id, accountId: account!.id, category };
};

/**
 * A real, deterministic model stage (our own code, standing in for the trained model the ML
 * service serves): Birmingham class names by keyword, with fixed confidences, and it records
 * every call so tests can see what reached the model.
 */
export const keywordModel = () => {
  const calls: { userId: string; rows: number; merchants: (string | null)[] }[] = [];
  const scoreModel: ScoreModel = async (userId, items) => {
    calls.push({ userId, rows: items.length, merchants: items.map((i) => i.merchant) });
    return items.map((item): ModelScore => {
      const d = item.description.toLowerCase();
      const [label, confidence] = d.includes("shell")
        ? ["Vehicle Fuel", 0.95]
        : d.includes("tesco")
          ? ["Purchases Food", 0.45]
          : d.includes("greggs")
            ? ["Hospitality", 0.3]
            : ["Equip Operational", 0.99];
      return {
        model: "default",
        version: "v1",
        scope: "shared",
        labels: [
          { label, confidence },
          { label: "Books", confidence: (1 - confidence) / 2 },
        ],
        explanation: [{ feature: `word:${d.split(" ")[0]}`, weight: 1.5 }],
      };
    });
  };
  return { scoreModel, calls };
};
