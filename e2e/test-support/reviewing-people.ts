import { randomBytes } from "node:crypto";
import { userBucket } from "@fincoach/contracts";
import { DEFAULT_MODEL_LABELS } from "@fincoach/domain";
import { eventually } from "@fincoach/testing";
import type { LabelledRow } from "./labelled-rows.ts";
import type { ApiResponse, PreparedRelease } from "./release.ts";

const PASSWORD = "correct horse battery staple";

/**
 * A person who reviews every category the model proposes: their confidence threshold is 1,
 * so a model pick stays a suggestion, and for each new transaction they accept the
 * suggestion when it is the row's true category and set the true one otherwise. That is
 * the product's own feedback: taking a suggestion records `accepted`, changing it
 * `corrected` (record-corrections.ts), against the model version that decided the row.
 */
export type ReviewingPerson = {
  readonly email: string;
  readonly userId: string;
  /** `userBucket(model, userId)`: where the traffic weights put this person (0-99). */
  readonly bucket: number;
  /** The address their requests come from, as the chart's ingress would report it. */
  readonly clientIp: string;
  token: string;
  readonly accountId: string;
  /** Their category for a Birmingham class (the pipeline's rule: the mapped name, a child before a group). */
  readonly categoryFor: (label: string) => string;
  /** The rows they will enter, one per merchant, in their own order. */
  readonly rows: LabelledRow[];
};

export type Review = {
  person: string;
  bucket: number;
  /** The model that answered (`category.model`): the shared one, or a person's own; null when none decided. */
  model: string | null;
  /** The version that answered (`category.modelVersion`); null when no model decided. */
  version: string | null;
  outcome: "accepted" | "corrected" | "kept" | "unscored";
  /** Date.now() before the transaction was created. */
  startedAt: number;
};

/**
 * The API through its Service with the client address in X-Forwarded-For: the chart runs
 * the API with TRUST_PROXY (behind its ingress), which rate-limits sign-ups per client
 * address; the test stands in for the ingress, each person at an address of their own.
 */
const callAs = async (
  release: PreparedRelease,
  clientIp: string,
  method: string,
  path: string,
  o: { token?: string; body?: unknown } = {},
): Promise<ApiResponse> => {
  const res = await fetch(await release.apiUrl(path), {
    method,
    headers: {
      "x-forwarded-for": clientIp,
      ...(o.token ? { authorization: `Bearer ${o.token}` } : {}),
      ...(o.body ? { "content-type": "application/json" } : {}),
    },
    body: o.body ? JSON.stringify(o.body) : undefined,
    signal: AbortSignal.timeout(60_000),
  });
  return { status: res.status, json: (await res.json().catch(() => undefined)) as Record<string, unknown> };
};

const expectStatus = (res: ApiResponse, status: number, what: string): Record<string, unknown> => {
  if (res.status !== status) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.json)}`);
  return res.json;
};

type Category = { id: string; name: string; parentId: string | null; createdAt: string };

/** Registers a person who reviews suggestions (threshold 1) and has a GBP card account. */
export const registerReviewingPerson = async (
  release: PreparedRelease,
  o: { model: string; index: number; rows: LabelledRow[] },
): Promise<ReviewingPerson> => {
  // TEST-NET-2 (RFC 5737): documentation addresses, one per person.
  const clientIp = `198.51.100.${(o.index % 250) + 1}`;
  const email = `e2e-rollout-${randomBytes(4).toString("hex")}@example.com`;
  const registered = await eventually(
    async () =>
      expectStatus(
        await callAs(release, clientIp, "POST", "/v1/auth/register", { body: { email, password: PASSWORD } }),
        201,
        "register",
      ),
    60_000,
    1_000,
  );
  const token = String(registered.accessToken);
  const me = expectStatus(await callAs(release, clientIp, "GET", "/v1/me", { token }), 200, "me");
  const userId = String(me.id);
  expectStatus(
    await callAs(release, clientIp, "PATCH", "/v1/me/categorization", { token, body: { confidenceThreshold: 1 } }),
    200,
    "threshold",
  );
  const categories = expectStatus(
    await callAs(release, clientIp, "GET", "/v1/categories", { token }),
    200,
    "categories",
  ).items as Category[];
  const fold = (name: string) => name.normalize("NFKC").trim().toLowerCase();
  // persons' categories.ts: children before groups of the same name, then the oldest.
  const ordered = [...categories].sort(
    (a, b) =>
      Number(a.parentId === null) - Number(b.parentId === null) ||
      a.createdAt.localeCompare(b.createdAt) ||
      a.id.localeCompare(b.id),
  );
  const categoryFor = (label: string) => {
    const name = DEFAULT_MODEL_LABELS[label] ?? label;
    const found = ordered.find((c) => fold(c.name) === fold(name));
    if (!found) throw new Error(`no category named ${name} (for ${label}) among ${categories.length}`);
    return found.id;
  };
  const account = expectStatus(
    await callAs(release, clientIp, "POST", "/v1/accounts", {
      token,
      body: { name: "Purchase card", type: "checking", currency: "GBP" },
    }),
    201,
    "account",
  );
  return {
    email,
    userId,
    bucket: userBucket(o.model, userId),
    clientIp,
    token,
    accountId: String(account.id),
    categoryFor,
    rows: [...o.rows],
  };
};

/** A call as the person, logging in again once their access token has expired. */
const personCall = async (
  release: PreparedRelease,
  person: ReviewingPerson,
  method: string,
  path: string,
  body?: unknown,
): Promise<ApiResponse> => {
  const res = await callAs(release, person.clientIp, method, path, { token: person.token, body });
  if (res.status !== 401) return res;
  const login = expectStatus(
    await callAs(release, person.clientIp, "POST", "/v1/auth/login", {
      body: { email: person.email, password: PASSWORD },
    }),
    200,
    "login",
  );
  person.token = String(login.accessToken);
  return callAs(release, person.clientIp, method, path, { token: person.token, body });
};

/** The person enters their next row and reviews the category the pipeline gave it. */
export const reviewNextRow = async (release: PreparedRelease, person: ReviewingPerson): Promise<Review> => {
  const row = person.rows.shift();
  if (!row) throw new Error(`${person.email} has entered every row of their list`);
  const startedAt = Date.now();
  // FinCoach amounts are money-out-negative; the publisher's purchases are positive.
  const amount = `${row.amount > 0 ? "-" : ""}${Math.abs(row.amount).toFixed(2)}`;
  const created = expectStatus(
    await personCall(release, person, "POST", "/v1/transactions", {
      accountId: person.accountId,
      date: row.date,
      amount,
      description: row.description,
    }),
    201,
    "create transaction",
  );
  const category = created.category as {
    source: string | null;
    model: string | null;
    modelVersion: string | null;
    suggestion: { categoryId: string } | null;
  };
  const review = { person: person.email, bucket: person.bucket, startedAt };
  if (category.source !== "model") return { ...review, model: null, version: null, outcome: "unscored" };
  const answered = { model: category.model, version: category.modelVersion };
  const truth = person.categoryFor(row.category);
  if (created.categoryId === truth) return { ...review, ...answered, outcome: "kept" };
  expectStatus(
    await personCall(release, person, "PATCH", `/v1/transactions/${created.id}`, { categoryId: truth }),
    200,
    "recategorize",
  );
  const accepted = created.categoryId === null && category.suggestion?.categoryId === truth;
  return { ...review, ...answered, outcome: accepted ? "accepted" : "corrected" };
};

/**
 * Every person reviewing rows in a loop of their own (a short pause between rows) until
 * `stop()`, which resolves once every loop has finished its row. Failed rows are kept in
 * `errors` (the caller asserts on them) rather than ending the traffic.
 */
export const startReviewTraffic = (
  release: PreparedRelease,
  people: readonly ReviewingPerson[],
  o: { pauseMs: number },
) => {
  const reviews: Review[] = [];
  const errors: string[] = [];
  let running = true;
  const loops = people.map(async (person) => {
    while (running && person.rows.length > 0) {
      try {
        reviews.push(await reviewNextRow(release, person));
      } catch (error) {
        errors.push(`${person.email}: ${error instanceof Error ? error.message : String(error)}`);
      }
      await new Promise((r) => setTimeout(r, o.pauseMs));
    }
  });
  return {
    reviews,
    errors,
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
};

/** Accepted share of the feedback in `reviews` (the stats' feedbackAcceptanceRate, seen from the people's side). */
export const acceptanceOf = (reviews: readonly Review[]): { accepted: number; feedback: number; rate: number } => {
  const accepted = reviews.filter((r) => r.outcome === "accepted").length;
  const feedback = reviews.filter((r) => r.outcome === "accepted" || r.outcome === "corrected").length;
  return { accepted, feedback, rate: feedback === 0 ? Number.NaN : accepted / feedback };
};
