import { formatDecimal } from "@fincoach/money";
import type { RequestSpec } from "autocannon";
import type { RealDescription } from "../shared/real-descriptions.ts";
import type { BenchUser } from "./bench-users.ts";

/** Round-robin over the seeded people, shared by every connection, so no one user is hot. */
const rotation = <T>(items: readonly T[]) => {
  let i = 0;
  return () => items[i++ % items.length]!;
};

const bearer = (u: BenchUser) => ({ authorization: `Bearer ${u.token}` });

export const LIST_PATH = "/v1/transactions?limit=50";

/**
 * (a) The first page of a person's transactions, newest first, for the next person in a
 * rotation shared by every connection. One prebuilt request per person measured no faster
 * here (the load generator's CPU per request was the same) and, since autocannon walks
 * every connection through such a list in step, its max latency was 0.8-0.9 s, not 0.1-0.2.
 */
export const listTransactionsRequests = (users: readonly BenchUser[]): RequestSpec[] => {
  const next = rotation(users);
  return [{ method: "GET", path: LIST_PATH, setupRequest: (req) => ({ ...req, headers: bearer(next()) }) }];
};

const isoDaysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

/**
 * (b) A new transaction on the person's first account: a real descriptor and amount, a date
 * in the last month. Bodies are precomputed so the load generator spends its time sending.
 */
export const createTransactionRequests = (
  users: readonly BenchUser[],
  descriptions: readonly RealDescription[],
): RequestSpec[] => {
  const bodies = Array.from({ length: 5_000 }, (_, i) => {
    const user = users[i % users.length]!;
    const d = descriptions[(i * 7919) % descriptions.length]!;
    const body = {
      accountId: user.accountId,
      date: isoDaysAgo(i % 30),
      amount: formatDecimal({ minor: -d.amountMinor, currency: user.currency }),
      description: d.description,
    };
    return { headers: { ...bearer(user), "content-type": "application/json" }, body: JSON.stringify(body) };
  });
  const next = rotation(bodies);
  return [{ method: "POST", path: "/v1/transactions", setupRequest: (req) => ({ ...req, ...next() }) }];
};

/** (c) The baseline: hello world from a bare Hono server. */
export const bareHonoRequests = (): RequestSpec[] => [{ method: "GET", path: "/" }];

/** (d) The bare server's list-sized baselines: a real page as constant bytes, or stringified per request. */
export const pageRequests = (path: "/page" | "/page-json"): RequestSpec[] => [{ method: "GET", path }];
