import { categories, type DbOrTx } from "@fincoach/db";
import { DEFAULT_TAXONOMY } from "./default-taxonomy.ts";

/** Gives a new person the default taxonomy; call inside the transaction that creates the user. */
export const seedDefaultCategories = async (db: DbOrTx, userId: string): Promise<void> => {
  const groups = await db
    .insert(categories)
    .values(DEFAULT_TAXONOMY.map((g) => ({ userId, name: g.name, kind: g.kind })))
    .returning({ id: categories.id, name: categories.name });
  const idOf = new Map(groups.map((g) => [g.name, g.id]));
  await db
    .insert(categories)
    .values(
      DEFAULT_TAXONOMY.flatMap((g) =>
        g.children.map((name) => ({ userId, name, kind: g.kind, parentId: idOf.get(g.name)! })),
      ),
    );
};
