import assert from "node:assert/strict";
import { transactions } from "@fincoach/db";
import { eq } from "drizzle-orm";
import type { Harness } from "../../test-support/api-harness.ts";
import { fixtures } from "../categories/category-fixtures.ts";

type User = { id: string; token: string };

/** Rule calls and transaction rows for the rule tests (rows written straight into the database). */
export const ruleFixtures = (h: Harness) => {
  const f = fixtures(h);
  const db = h.database.db;

  /** Creates a rule and returns it; fails the test unless the API answers 201. */
  const newRule = async (u: User, body: Record<string, unknown>) => {
    const res = await h.call("POST", "/v1/rules", { token: u.token, body: { name: "rule", ...body } });
    assert.equal(res.status, 201, JSON.stringify(res.json));
    return res.json as { id: string; position: number; categoryId: string | null; tags: string[] };
  };

  const tx = async (t: {
    userId: string;
    accountId: string;
    amountMinor: bigint;
    description: string;
    merchant?: string | null;
    currency?: string;
    categoryId?: string | null;
    tags?: string[];
    date?: string;
  }): Promise<string> => {
    const [row] = await db
      .insert(transactions)
      .values({ currency: "EUR", date: "2024-05-05", ...t })
      .returning({ id: transactions.id });
    return row!.id;
  };

  const txRow = async (id: string) => {
    const [row] = await db
      .select({ categoryId: transactions.categoryId, tags: transactions.tags })
      .from(transactions)
      .where(eq(transactions.id, id));
    return row!;
  };

  /** The names of the person's rules, in the order they run, with their positions. */
  const order = async (u: User) => {
    const res = await h.call("GET", "/v1/rules", { token: u.token });
    assert.equal(res.status, 200);
    return (res.json.items as { name: string; position: number }[]).map((r) => `${r.position}:${r.name}`);
  };

  return { ...f, newRule, tx, txRow, order };
};
