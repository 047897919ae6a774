import { categories, type DbOrTx } from "@fincoach/db";
import { asc, eq } from "drizzle-orm";
import { DEFAULT_MODEL_LABELS } from "./default-model-labels.ts";

/** A person's categories by id and by folded name, to turn model labels into their category. */
export type PersonCategories = {
  nameOf: (id: string) => string | undefined;
  /** The person's category for a model label, or null when it maps to none of theirs. */
  resolve: (label: string, scope: "shared" | "person") => string | null;
};

const foldName = (name: string) => name.normalize("NFKC").trim().toLowerCase();

/**
 * Loads the person's categories once per batch. A person's own model's labels are their
 * category ids. A shared model's labels are class names: DEFAULT_MODEL_LABELS maps the
 * default model's classes to a default-taxonomy name; a label that is not in the map but
 * is already the name of one of the person's categories (a shared model trained on the
 * FinCoach taxonomy itself) resolves by that name. Children win over a group of the same
 * name; among equals, the oldest.
 */
export const loadPersonCategories = async (db: DbOrTx, userId: string): Promise<PersonCategories> => {
  const rows = await db
    .select({ id: categories.id, name: categories.name, parentId: categories.parentId })
    .from(categories)
    .where(eq(categories.userId, userId))
    .orderBy(asc(categories.createdAt), asc(categories.id));
  const byId = new Map(rows.map((r) => [r.id, r.name]));
  const byName = new Map<string, string>();
  for (const r of [...rows.filter((r) => r.parentId !== null), ...rows.filter((r) => r.parentId === null)]) {
    const key = foldName(r.name);
    if (!byName.has(key)) byName.set(key, r.id);
  }
  return {
    nameOf: (id) => byId.get(id),
    resolve: (label, scope) => {
      if (scope === "person") return byId.has(label) ? label : null;
      const name = DEFAULT_MODEL_LABELS[label] ?? label;
      return byName.get(foldName(name)) ?? null;
    },
  };
};
