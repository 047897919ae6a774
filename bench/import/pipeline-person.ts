import { accounts, categories, merchantMemories, transactions, users } from "@fincoach/db";
import { createRule, merchantKeyOf, seedDefaultCategories } from "@fincoach/domain";
import { and, eq, sql } from "drizzle-orm";
import type { RealDescription } from "../shared/real-descriptions.ts";
import type { ImportBenchDatabase } from "./import-database.ts";
import type { Decisions } from "./pipeline-checks.ts";

/**
 * A person's own rules over the real descriptors (the kind people write for their frequent
 * merchants): a substring and a category, some with an amount range or tags, so the matcher
 * does more than one test per rule. Position order is the list order.
 */
const RULES: ReadonlyArray<{ contains: string; category: string; min?: string; max?: string; tags?: string[] }> = [
  { contains: "travelodge", category: "Hotels", tags: ["travel"] },
  { contains: "premier inn", category: "Hotels", tags: ["travel"] },
  { contains: "tesco", category: "Groceries", max: "150.00" },
  { contains: "asda", category: "Groceries" },
  { contains: "sainsbury", category: "Groceries" },
  { contains: "aldi", category: "Groceries" },
  { contains: "shell", category: "Fuel", tags: ["car"] },
  { contains: "esso", category: "Fuel", tags: ["car"] },
  { contains: "texaco", category: "Fuel", tags: ["car"] },
  { contains: "rontec", category: "Fuel", tags: ["car"] },
  { contains: "malthurst", category: "Fuel", tags: ["car"] },
  { contains: "trainline", category: "Public Transit" },
  { contains: "virgin trains", category: "Public Transit" },
  { contains: "mcdonalds", category: "Fast Food" },
  { contains: "screwfix", category: "Home Maintenance", min: "5.00" },
  { contains: "wickes", category: "Home Maintenance" },
  { contains: "currys", category: "Electronics" },
  { contains: "poundland", category: "Home Goods" },
  { contains: "wilko", category: "Home Goods" },
  { contains: "parking", category: "Parking", tags: ["car"] },
];

/** How many of the most frequent merchants (no rule matches them) the person corrected once. */
const REMEMBERED = 5;
const MEMORY_CATEGORIES = ["Books", "Gifts", "Clothing", "Home Goods", "Electronics"];

export type PipelinePerson = {
  userId: string;
  rules: number;
  /** The merchant keys remembered and the category each was corrected to. */
  memories: { merchantKey: string; category: string }[];
  newAccount: (name: string) => Promise<string>;
};

/**
 * A second person in the import bench's database, set up through the domain's own use cases
 * where there is one (default categories, createRule): the ~20 rules above and a remembered
 * correction for the `REMEMBERED` most frequent merchants in `real` that no rule decides
 * (written as the correction flow leaves them: merchantKeyOf's key -> category).
 */
export const createPipelinePerson = async (
  db: ImportBenchDatabase,
  real: readonly RealDescription[],
  currency: string,
): Promise<PipelinePerson> => {
  const [user] = await db.db
    .insert(users)
    .values({ email: "pipeline@example.com", passwordHash: "not-a-real-hash" })
    .returning({ id: users.id });
  const userId = user!.id;
  const ctx = { db: db.db, userId };
  await seedDefaultCategories(db.db, userId);
  const categoryId = async (name: string): Promise<string> => {
    const [row] = await db.db
      .select({ id: categories.id })
      .from(categories)
      .where(and(eq(categories.userId, userId), eq(categories.name, name)));
    if (!row) throw new Error(`no default category "${name}"`);
    return row.id;
  };
  for (const r of RULES) {
    await createRule({
      ctx,
      input: {
        name: r.contains,
        conditions: {
          descriptionContains: r.contains,
          ...(r.min ? { amountMin: r.min } : {}),
          ...(r.max ? { amountMax: r.max } : {}),
        },
        categoryId: await categoryId(r.category),
        ...(r.tags ? { tags: r.tags } : {}),
      },
    });
  }
  const ruled = (d: string) => RULES.some((r) => d.toLowerCase().includes(r.contains));
  const counts = new Map<string, number>();
  for (const { description } of real) {
    if (ruled(description)) continue;
    const key = merchantKeyOf(description, null);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const top = [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, REMEMBERED);
  const memories = top.map(([merchantKey], i) => ({ merchantKey, category: MEMORY_CATEGORIES[i]! }));
  for (const m of memories) {
    await db.db
      .insert(merchantMemories)
      .values({ userId, merchantKey: m.merchantKey, categoryId: await categoryId(m.category) });
  }
  const newAccount = async (name: string) => {
    const [row] = await db.db
      .insert(accounts)
      .values({ userId, name, type: "checking", currency })
      .returning({ id: accounts.id });
    return row!.id;
  };
  return { userId, rules: RULES.length, memories, newAccount };
};

/** How the rows of one account were decided: the check that the pipeline did real work. */
export const countDecisions = async (
  db: ImportBenchDatabase,
  userId: string,
  accountId: string,
): Promise<Decisions> => {
  const [c] = (await db.db.execute(sql`
    select count(*)::int as rows,
           count(*) filter (where category_source = 'rule')::int as rule,
           count(*) filter (where category_source = 'memory')::int as memory,
           count(*) filter (where category_source = 'model')::int as model,
           count(*) filter (where category_source = 'model' and category_id is not null)::int as "modelApplied",
           count(*) filter (where category_source = 'model' and category_id is null
                              and suggested_category_id is not null)::int as "modelSuggested",
           count(*) filter (where category_source is null)::int as undecided,
           count(*) filter (where btrim(description) = '')::int as blank,
           count(*) filter (where cardinality(tags) > 0)::int as tagged
    from ${transactions} where user_id = ${userId} and account_id = ${accountId}`)) as unknown as [Decisions];
  return c!;
};
