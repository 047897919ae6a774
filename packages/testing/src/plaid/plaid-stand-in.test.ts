import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { Configuration, PlaidApi } from "plaid";
import { PLAID_ERRORS, type PlaidStandIn, startPlaidStandIn } from "./plaid-stand-in.ts";

let plaid: PlaidStandIn;
let client: PlaidApi;
before(async () => {
  plaid = await startPlaidStandIn();
  client = new PlaidApi(
    new Configuration({
      basePath: plaid.url,
      baseOptions: { headers: { "PLAID-CLIENT-ID": plaid.clientId, "PLAID-SECRET": plaid.secret } },
    }),
  );
});
after(() => plaid?.stop());

const account = {
  account_id: "a1",
  name: "Checking",
  mask: "1111",
  type: "depository",
  subtype: "checking",
  iso_currency_code: "USD",
} as const;
const tx = (id: string, amount: string) => ({
  transaction_id: id,
  account_id: "a1",
  amount,
  date: "2026-11-01",
  name: id,
});

/** What the official client throws: Plaid's error object and status. */
const plaidError = async (call: Promise<unknown>) => {
  try {
    await call;
  } catch (e) {
    const r = (e as { response: { status: number; data: Record<string, unknown> } }).response;
    return { status: r.status, type: r.data.error_type, code: r.data.error_code, requestId: typeof r.data.request_id };
  }
  assert.fail("no error");
};

test("/transactions/sync pages by count; the last cursor sees only later changes", async () => {
  const token = plaid.createItem([account]);
  plaid.add(
    token,
    Array.from({ length: 5 }, (_, i) => tx(`t${i}`, `${i}.50`)),
  );
  const p1 = (await client.transactionsSync({ access_token: token, count: 2 })).data;
  assert.deepEqual([p1.added.map((t) => t.transaction_id), p1.has_more], [["t0", "t1"], true]);
  assert.equal(p1.added[0]?.amount, 0.5);
  assert.equal(p1.added[0]?.iso_currency_code, "USD");
  assert.equal(p1.accounts[0]?.account_id, "a1");
  assert.equal(typeof p1.request_id, "string");
  const p2 = (await client.transactionsSync({ access_token: token, count: 2, cursor: p1.next_cursor })).data;
  const p3 = (await client.transactionsSync({ access_token: token, count: 2, cursor: p2.next_cursor })).data;
  assert.deepEqual([p3.added.map((t) => t.transaction_id), p3.has_more], [["t4"], false]);
  plaid.modify(token, "t1", { amount: "9.99" });
  plaid.remove(token, ["t2"]);
  plaid.add(token, [{ ...tx("p", "1.00"), pending: true }]);
  plaid.post(token, "p", tx("q", "1.10"));
  const later = (await client.transactionsSync({ access_token: token, cursor: p3.next_cursor })).data;
  assert.deepEqual(
    {
      added: later.added.map((t) => [t.transaction_id, t.pending, t.pending_transaction_id]),
      modified: later.modified.map((t) => [t.transaction_id, t.amount]),
      removed: later.removed.map((r) => r.transaction_id).sort(),
    },
    { added: [["q", false, "p"]], modified: [["t1", 9.99]], removed: ["p", "t2"] },
  );
});

test("Plaid's errors: bad count, unknown token, Item error, mutation during pagination, injected 429", async () => {
  const token = plaid.createItem([account]);
  plaid.add(token, [tx("a", "1.00"), tx("b", "2.00")]);
  assert.deepEqual(await plaidError(client.transactionsSync({ access_token: token, count: 501 })), {
    status: 400,
    type: "INVALID_REQUEST",
    code: "INVALID_FIELD",
    requestId: "string",
  });
  assert.deepEqual(await plaidError(client.accountsGet({ access_token: "access-sandbox-nope" })), {
    status: 400,
    type: "INVALID_INPUT",
    code: "INVALID_ACCESS_TOKEN",
    requestId: "string",
  });
  const page = (await client.transactionsSync({ access_token: token, count: 1 })).data;
  plaid.add(token, [tx("c", "3.00")]);
  assert.deepEqual(
    await plaidError(client.transactionsSync({ access_token: token, count: 1, cursor: page.next_cursor })),
    {
      status: 400,
      type: "TRANSACTIONS_ERROR",
      code: "TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION",
      requestId: "string",
    },
  );
  plaid.failNext(PLAID_ERRORS.RATE_LIMIT_EXCEEDED);
  assert.equal((await plaidError(client.transactionsSync({ access_token: token }))).status, 429);
  assert.equal((await client.transactionsSync({ access_token: token })).data.added.length, 3);
  plaid.setItemError(token, "ITEM_LOGIN_REQUIRED");
  assert.deepEqual(await plaidError(client.transactionsSync({ access_token: token })), {
    status: 400,
    type: "ITEM_ERROR",
    code: "ITEM_LOGIN_REQUIRED",
    requestId: "string",
  });
  const wrongKeys = new PlaidApi(
    new Configuration({
      basePath: plaid.url,
      baseOptions: { headers: { "PLAID-CLIENT-ID": "x", "PLAID-SECRET": "y" } },
    }),
  );
  assert.equal((await plaidError(wrongKeys.accountsGet({ access_token: token }))).code, "INVALID_API_KEYS");
});

test("100,000 transactions are served in pages of 500", async () => {
  const token = plaid.createItem([account]);
  plaid.add(
    token,
    Array.from({ length: 100_000 }, (_, i) => tx(`t${i}`, `${i % 1000}.01`)),
  );
  let cursor = "";
  let seen = 0;
  for (;;) {
    const page = (await client.transactionsSync({ access_token: token, count: 500, ...(cursor ? { cursor } : {}) }))
      .data;
    seen += page.added.length;
    cursor = page.next_cursor;
    if (!page.has_more) break;
  }
  assert.equal(seen, 100_000);
});
