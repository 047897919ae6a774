import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { PLAID_ERRORS, type PlaidStandIn, startPlaidStandIn } from "@fincoach/testing";
import { PlaidRequestFailed } from "./plaid-errors.ts";
import { createPlaidFeed } from "./plaid-feed.ts";

let plaid: PlaidStandIn;
before(async () => {
  plaid = await startPlaidStandIn();
});
after(() => plaid?.stop());

const failure = async (call: Promise<unknown>): Promise<PlaidRequestFailed> => {
  try {
    await call;
  } catch (e) {
    assert.ok(e instanceof PlaidRequestFailed, String(e));
    return e;
  }
  assert.fail("no error");
};

test("Plaid's answers are classified: credentials, mutation, transient, refused; no token in messages", async () => {
  const feed = createPlaidFeed({ baseUrl: plaid.url, clientId: plaid.clientId, secret: plaid.secret });
  const token = plaid.createItem([
    { account_id: "a", name: "C", mask: null, type: "depository", subtype: null, iso_currency_code: "USD" },
  ]);
  assert.equal((await feed.syncPage(token, "", 10)).has_more, false);
  const cases = [
    [PLAID_ERRORS.RATE_LIMIT_EXCEEDED, "transient"],
    [PLAID_ERRORS.INTERNAL_SERVER_ERROR, "transient"],
    [{ status: 400, error_type: "INSTITUTION_ERROR", error_code: "INSTITUTION_DOWN" }, "transient"],
    [PLAID_ERRORS.TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION, "mutation"],
    [PLAID_ERRORS.ITEM_LOGIN_REQUIRED, "credentials"],
    [PLAID_ERRORS.INVALID_API_KEYS, "refused"],
  ] as const;
  for (const [error, kind] of cases) {
    plaid.failNext(error);
    const e = await failure(feed.syncPage(token, "", 10));
    assert.deepEqual([e.kind, e.status, e.errorCode], [kind, error.status, error.error_code]);
    assert.ok(!e.message.includes(token) && !e.message.includes(plaid.secret));
  }
  assert.equal((await failure(feed.syncPage("access-sandbox-unknown", "", 10))).kind, "credentials");
});

test("unreachable Plaid is transient; a worker without keys is refused with a plain message", async () => {
  const down = createPlaidFeed({ baseUrl: "http://127.0.0.1:9", clientId: "c", secret: "s", timeoutMs: 2_000 });
  assert.equal((await failure(down.syncPage("t", "", 10))).kind, "transient");
  const unconfigured = createPlaidFeed({ baseUrl: plaid.url, clientId: undefined, secret: undefined });
  const e = await failure(unconfigured.syncPage("t", "", 10));
  assert.deepEqual(
    [e.kind, e.message],
    ["refused", "Plaid is not configured on this worker (PLAID_CLIENT_ID, PLAID_SECRET)"],
  );
});
