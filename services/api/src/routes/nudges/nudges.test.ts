import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { categories, type NudgeKind, recurringStreams } from "@fincoach/db";
import type { NudgeView } from "@fincoach/domain";
import { createLogger } from "@fincoach/logging";
import { createMetrics } from "@fincoach/telemetry";
import { type OpenAIStandIn, type OpenAIStandInMode, startOpenAIStandIn } from "@fincoach/testing";
import { createApiListener } from "../../api-listener.ts";
import { ApiEnv, toApiConfig } from "../../env.ts";
import { type Harness, startHarness } from "../../test-support/api-harness.ts";
import { fixtures } from "../categories/category-fixtures.ts";

const KEY = "sk-live-9d8e7f6a5b4c3d2e1f";
const AS_OF = "2026-04-10";

let h: Harness;
let f: ReturnType<typeof fixtures>;
let standIn: OpenAIStandIn;
before(async () => {
  h = await startHarness();
  f = fixtures(h);
  standIn = await startOpenAIStandIn({ apiKey: KEY });
});
after(async () => {
  await standIn.close();
  await h.close();
});

type User = Awaited<ReturnType<Harness["newUser"]>>;
const post = async (u: User, path: string, body: unknown) => {
  const res = await h.call("POST", path, { token: u.token, body });
  assert.ok(res.status < 300, `${path}: ${res.status} ${res.text}`);
  return res.json;
};

/** Two debts planned from 2026-03; "Visa" paid down to 2500.00, "Car" paid off (its minimum 150.00). */
const seedDebts = async (u: User) => {
  const debt = { currency: "USD", apr: "22.90" };
  const visa = await post(u, "/v1/debts", {
    ...debt,
    name: "Visa",
    balance: "3000.00",
    minimumPayment: { kind: "fixed", amount: "100.00" },
  });
  const car = await post(u, "/v1/debts", {
    ...debt,
    name: "Car",
    balance: "1200.00",
    minimumPayment: { kind: "percent", percent: "2", floor: "150.00" },
  });
  const plan = await post(u, "/v1/plans", { strategy: "avalanche", monthlyBudget: "400.00", startDate: "2026-03-01" });
  await h.call("PATCH", `/v1/debts/${visa.id}`, { token: u.token, body: { balance: "2500.00" } });
  await h.call("PATCH", `/v1/debts/${car.id}`, { token: u.token, body: { balance: "0" } });
  return plan.debts.find((d: { debtId: string }) => d.debtId === visa.id).payoffMonth as string;
};

/** A Groceries budget of 400.00 with 300.00 spent by April 10, a goal a quarter saved, a 12.99 monthly stream. */
const seedRest = async (u: User) => {
  const accountId = await f.account(u.id, "USD");
  const [category] = await h.database.db
    .insert(categories)
    .values({ userId: u.id, name: "Groceries", kind: "expense" })
    .returning();
  const categoryId = category!.id;
  await post(u, "/v1/budgets", {
    categoryId,
    period: "monthly",
    amount: "400.00",
    currency: "USD",
    startDate: "2026-04-01",
  });
  await f.tx({ userId: u.id, accountId, date: "2026-04-05", amountMinor: -30_000n, currency: "USD", categoryId });
  const goal = await post(u, "/v1/goals", {
    name: "Trip",
    targetAmount: "1000.00",
    currency: "USD",
    targetDate: "2026-12-31",
  });
  await post(u, `/v1/goals/${goal.id}/contributions`, { amount: "250.00", date: "2026-03-01" });
  await h.database.db.insert(recurringStreams).values({
    userId: u.id,
    accountId,
    merchantKey: "streamflix",
    direction: "outflow",
    cadence: "monthly",
    currency: "USD",
    occurrences: 6,
    firstDate: "2025-10-15",
    lastDate: "2026-03-15",
    averageMinor: -1299n,
    lastAmountMinor: -1299n,
    predictedNextDate: "2026-04-15",
    followingDate: "2026-05-15",
    transactionIds: [],
  });
};

const generate = (u: User, body: unknown = { asOf: AS_OF }) =>
  h.call("POST", "/v1/nudges/generate", { token: u.token, body });
type Nudge = NudgeView & { facts: Record<string, unknown> };
/** The nudges by kind; the keys are checked by each test's own assertions. */
const byKind = (items: Nudge[]) => Object.fromEntries(items.map((n) => [n.kind, n])) as Record<NudgeKind, Nudge>;
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, " ");

describe("nudges API", () => {
  test("each kind from the person's own figures, templated, once per cause", async () => {
    const alice = await h.newUser();
    const payoffMonth = await seedDebts(alice);
    await seedRest(alice);
    const res = await generate(alice);
    assert.equal(res.status, 200, res.text);
    const n = byKind(res.json.items);
    assert.deepEqual(Object.keys(n).sort(), [
      "budget_slip",
      "debt_freed",
      "debt_progress",
      "goal_progress",
      "subscription_unused",
    ]);
    // 300.00 in 10 of 30 days projects 900.00: 500.00 over; 100.00 left over 20 days is 5.00 a day.
    assert.deepEqual(n.budget_slip.facts, {
      budget: "Groceries",
      currency: "USD",
      spent: "300.00",
      available: "400.00",
      projected: "900.00",
      overrun: "500.00",
      left: "100.00",
      daysLeft: 20,
      dailyAllowance: "5.00",
      periodEnd: "2026-04-30",
    });
    assert.equal(
      plain(n.budget_slip.text),
      "Groceries is heading for $900.00 against $400.00, $500.00 over. To stay on budget, keep to $5.00 a day for the 20 days until April 30.",
    );
    assert.deepEqual(
      [n.budget_slip.source, n.budget_slip.fallbackReason, n.budget_slip.locale],
      ["template", null, "en"],
    );
    assert.equal(n.goal_progress.facts.percent, "25.0");
    assert.equal(n.goal_progress.facts.saved, "250.00");
    assert.equal(n.debt_progress.facts.paid, "500.00");
    assert.equal(n.debt_progress.facts.balance, "2500.00");
    assert.equal(n.debt_progress.facts.payoffMonth, payoffMonth);
    assert.deepEqual(n.debt_freed.facts, { debt: "Car", currency: "USD", freed: "150.00" });
    assert.deepEqual(n.subscription_unused.facts, {
      subscription: "streamflix",
      currency: "USD",
      amount: "12.99",
      cadence: "monthly",
      months: 5,
      yearly: "155.88",
    });

    const again = await generate(alice);
    assert.deepEqual(again.json.items, [], "the same causes make no new nudge");
    const listed = await h.call("GET", "/v1/nudges", { token: alice.token });
    assert.equal(listed.json.items.length, 5);
    const times = listed.json.items.map((x: { createdAt: string }) => x.createdAt);
    assert.deepEqual(times, [...times].sort().reverse(), "newest first");
  });

  test("Spanish: the catalog's language and the locale's number formats", async () => {
    const u = await h.newUser();
    await seedDebts(u);
    const res = await generate(u, { asOf: AS_OF, locale: "es-ES" });
    const n = byKind(res.json.items);
    assert.equal(
      plain(n.debt_freed.text),
      "Car está pagada. Los 150,00 US$ al mes que pedía vuelven a ser tuyos: destínalos a tu siguiente deuda o a un objetivo.",
    );
    assert.equal(n.debt_freed.locale, "es-ES");
  });

  test("dismiss, filters, bad input as problem+json", async () => {
    const u = await h.newUser();
    await seedDebts(u);
    const [first] = (await generate(u)).json.items;
    const d1 = await h.call("POST", `/v1/nudges/${first.id}/dismiss`, { token: u.token });
    const d2 = await h.call("POST", `/v1/nudges/${first.id}/dismiss`, { token: u.token });
    assert.equal(d1.status, 200);
    assert.ok(d1.json.dismissedAt);
    assert.equal(d2.json.dismissedAt, d1.json.dismissedAt, "the first dismissal is kept");
    const open = await h.call("GET", "/v1/nudges?dismissed=false", { token: u.token });
    assert.ok(open.json.items.every((x: { id: string }) => x.id !== first.id));
    const bad = await generate(u, { locale: "not a locale!", timeZone: "Mars/Olympus" });
    assert.equal(bad.status, 400);
    assert.match(bad.headers.get("content-type") ?? "", /application\/problem\+json/);
    assert.deepEqual([...new Set(bad.json.errors.map((e: { path: string }) => e.path))].sort(), ["locale", "timeZone"]);
    const noBody = await h.call("POST", "/v1/nudges/generate", { token: u.token });
    // The body is optional: today (UTC) and "en". What today's figures call for depends on the date.
    assert.equal(noBody.status, 200, noBody.text);
    assert.ok(noBody.json.items.every((x: Nudge) => x.locale === "en"));
    const badQuery = await h.call("GET", "/v1/nudges?kind=nope", { token: u.token });
    assert.equal(badQuery.status, 400);
  });

  test("isolation: no token 401; another person's nudges are invisible and not dismissable", async () => {
    for (const [method, path] of [
      ["GET", "/v1/nudges"],
      ["POST", "/v1/nudges/generate"],
    ] as const)
      assert.equal((await h.call(method, path)).status, 401, `${method} ${path}`);
    const alice = await h.newUser();
    const bob = await h.newUser();
    await seedDebts(alice);
    const [nudge] = (await generate(alice)).json.items;
    assert.deepEqual((await generate(bob)).json.items, [], "Bob's figures are his own: none");
    assert.deepEqual((await h.call("GET", "/v1/nudges", { token: bob.token })).json.items, []);
    const dismiss = await h.call("POST", `/v1/nudges/${nudge.id}/dismiss`, { token: bob.token });
    assert.equal(dismiss.status, 404);
    const mine = await h.call("GET", "/v1/nudges", { token: alice.token });
    assert.equal(mine.json.items.find((x: { id: string }) => x.id === nudge.id).dismissedAt, null);
  });

  test("the OpenAPI document has the routes, with an example nudge", async () => {
    const doc = (await h.call("GET", "/openapi.json")).json;
    for (const p of ["/v1/nudges", "/v1/nudges/generate", "/v1/nudges/{id}/dismiss"]) assert.ok(doc.paths[p], p);
    assert.equal(doc.components.schemas.Nudge.example.kind, "budget_slip");
    assert.ok(doc.paths["/v1/nudges/generate"].post.requestBody.content["application/json"]);
  });

  test("the LLM keys go together: one or two of them is a configuration error", () => {
    const base = { JWT_SECRET: "x".repeat(32), DATABASE_URL: "postgres://localhost/x" };
    const partial = ApiEnv.safeParse({ ...base, NUDGES_LLM_BASE_URL: "http://127.0.0.1:1/v1", NUDGES_LLM_MODEL: "m" });
    assert.equal(partial.success, false);
    assert.match(JSON.stringify(partial.error?.issues), /go together/);
    const all = ApiEnv.safeParse({
      ...base,
      NUDGES_LLM_BASE_URL: "http://127.0.0.1:1/v1",
      NUDGES_LLM_MODEL: "m",
      NUDGES_LLM_API_KEY: "k",
    });
    assert.equal(all.success, true, JSON.stringify(all.error?.issues));
    assert.deepEqual(toApiConfig(all.data!).nudges, {
      maxLength: 280,
      llm: { baseUrl: "http://127.0.0.1:1/v1", model: "m", apiKey: "k", maxTokens: 200, timeoutMs: 10_000 },
    });
    assert.equal(toApiConfig(ApiEnv.parse(base)).nudges.llm, undefined);
  });
});

describe("nudges written by an LLM (an OpenAI chat-completions stand-in)", () => {
  const lines: string[] = [];
  let call: (u: User) => Promise<{ kind: string; text: string; source: string; fallbackReason: string | null }[]>;
  before(() => {
    const logger = createLogger({
      service: "api",
      level: "debug",
      destination: { write: (l: string) => void lines.push(l) },
    });
    const config = {
      ...h.config,
      nudges: {
        maxLength: 280,
        llm: { baseUrl: standIn.baseUrl, model: "coach", apiKey: KEY, maxTokens: 150, timeoutMs: 300 },
      },
    };
    const { app } = createApiListener({
      deps: { database: h.database, redis: h.redis, config },
      logger,
      metrics: createMetrics("api"),
    });
    call = async (u) => {
      const res = await app.request("/v1/nudges/generate", {
        method: "POST",
        headers: { authorization: `Bearer ${u.token}`, "content-type": "application/json" },
        body: JSON.stringify({ asOf: AS_OF }),
      });
      assert.equal(res.status, 200);
      return ((await res.json()) as { items: never[] }).items;
    };
  });

  test("a good answer is used (source llm)", async () => {
    standIn.mode = "good";
    const u = await h.newUser();
    await seedDebts(u);
    const freed = (await call(u)).find((n) => n.kind === "debt_freed")!;
    assert.deepEqual(freed, {
      ...freed,
      source: "llm",
      fallbackReason: null,
      text: "Quick update: 150.00 USD. Keep going!",
    });
  });

  const cases: [OpenAIStandInMode, string][] = [
    ["invented_numbers", "invented_number: 9999.99"],
    ["invalid_json", "invalid_json"],
    ["timeout", "timeout"],
    ["securities_advice", "securities_advice"],
  ];
  for (const [mode, reason] of cases)
    test(`${mode}: the template, with the reason recorded and logged`, async () => {
      standIn.mode = mode;
      const u = await h.newUser();
      await seedDebts(u);
      const freed = (await call(u)).find((n) => n.kind === "debt_freed")!;
      assert.equal(freed.source, "template");
      assert.equal(freed.fallbackReason, reason);
      assert.match(plain(freed.text), /^Car is paid off\. The \$150\.00 a month/);
      assert.ok(
        lines.some((l) => l.includes(reason)),
        "the fallback is logged",
      );
    });

  test("the key is never logged", () => {
    assert.ok(lines.length > 0);
    assert.ok(lines.every((l) => !l.includes(KEY)));
  });
});
