import { type DbOrTx, type Rule, rules } from "@fincoach/db";
import { and, eq } from "drizzle-orm";
import { requireRow } from "../shared/require-row.ts";

/** The person's rule, or NOT_FOUND (also for someone else's); `lock` holds it for update. */
export const findRule = async (
  db: DbOrTx,
  userId: string,
  id: string,
  opts: { lock?: boolean } = {},
): Promise<Rule> => {
  const q = db
    .select()
    .from(rules)
    .where(and(eq(rules.id, id), eq(rules.userId, userId)));
  return requireRow((await (opts.lock ? q.for("update") : q))[0], "rule");
};
