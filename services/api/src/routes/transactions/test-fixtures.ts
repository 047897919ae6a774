import assert from "node:assert/strict";
import { categories } from "@fincoach/db";
import type { Harness } from "../../test-support/api-harness.ts";

/** Test-only helpers shared by the transaction test files: set-up through the API where one exists. */
export type TestUser = Awaited<ReturnType<Harness["newUser"]>>;

export const newAccount = async (h: Harness, u: TestUser, currency = "EUR", name = `Acc ${currency}`) => {
  const res = await h.call("POST", "/v1/accounts", { token: u.token, body: { name, type: "checking", currency } });
  assert.equal(res.status, 201, res.text);
  return res.json as { id: string; currency: string };
};

/** Categories have no endpoint of their own here yet, so they are inserted directly. */
export const newCategory = async (
  h: Harness,
  u: TestUser,
  name = "Groceries",
  kind: "income" | "expense" | "transfer" = "expense",
) => {
  const [row] = await h.database.db.insert(categories).values({ userId: u.id, name, kind }).returning();
  return row!;
};

export type TxBody = { accountId: string; date?: string; amount: string; description?: string } & Record<
  string,
  unknown
>;

export const newTx = async (h: Harness, u: TestUser, body: TxBody) => {
  const res = await h.call("POST", "/v1/transactions", {
    token: u.token,
    body: { date: "2024-03-01", description: "Something", ...body },
  });
  assert.equal(res.status, 201, res.text);
  return res.json;
};

export const balanceOf = async (h: Harness, u: TestUser, accountId: string): Promise<string> => {
  const res = await h.call("GET", `/v1/accounts/${accountId}`, { token: u.token });
  assert.equal(res.status, 200, res.text);
  return res.json.balance;
};

/** Every page of a listing, following nextCursor; `between` runs after each page (to insert rows). */
export const allPages = async (
  h: Harness,
  u: TestUser,
  query: string,
  between: (page: number) => Promise<void> = async () => {},
) => {
  const items: { id: string; date: string }[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 1000; page++) {
    const sep = query ? "&" : "";
    const url = `/v1/transactions?${query}${cursor ? `${sep}cursor=${cursor}` : ""}`;
    const res = await h.call("GET", url, { token: u.token });
    assert.equal(res.status, 200, res.text);
    items.push(...res.json.items);
    cursor = res.json.nextCursor;
    if (!cursor) return items;
    await between(page);
  }
  throw new Error("pagination did not end");
};
