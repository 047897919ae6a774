import { formatDecimal } from "@fincoach/money";
import type { RequestSpec } from "autocannon";
import type { RealDescription } from "../shared/real-descriptions.ts";
import type { BenchUser } from "./bench-users.ts";

const bearer = (u: BenchUser) => ({ authorization: `Bearer ${u.token}` });

/**
 * (a) The first page of a person's transactions, newest first: one request per person,
 * built once. autocannon sends each connection through the list in order (so every
 * connection visits all 1,000 people) and reuses the built bytes, as it does for hello
 * world; a `setupRequest` rotation instead rebuilt every request in the load generator,
 * which shares the server's two cores.
 */
export const listTransactionsRequests = (users: readonly BenchUser[]): RequestSpec[] =>
  users.map((u) => ({ method: "GET", path: "/v1/transactions?limit=50", headers: bearer(u) }));

const isoDaysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

/**
 * (b) A new transaction on the person's first account: a real descriptor and amount, a date
 * in the last month. 5,000 requests built once, sent in order by each connection.
 */
export const createTransactionRequests = (
  users: readonly BenchUser[],
  descriptions: readonly RealDescription[],
): RequestSpec[] =>
  Array.from({ length: 5_000 }, (_, i) => {
    const user = users[i % users.length]!;
    const d = descriptions[(i * 7919) % descriptions.length]!;
    const body = {
      accountId: user.accountId,
      date: isoDaysAgo(i % 30),
      amount: formatDecimal({ minor: -d.amountMinor, currency: user.currency }),
      description: d.description,
    };
    return {
      method: "POST",
      path: "/v1/transactions",
      headers: { ...bearer(user), "content-type": "application/json" },
      body: JSON.stringify(body),
    };
  });

/** (c) The baseline: hello world from a bare Hono server. */
export const bareHonoRequests = (): RequestSpec[] => [{ method: "GET", path: "/" }];

/** (d) The bare server's list-sized baselines: a real page as constant bytes, or stringified per request. */
export const pageRequests = (path: "/page" | "/page-json"): RequestSpec[] => [{ method: "GET", path }];
