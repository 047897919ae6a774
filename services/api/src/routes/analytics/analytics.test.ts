import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { accounts, transactions } from "@fincoach/db";
import { type Harness, startHarness } from "../../test-support/api-harness.ts";
import { analyticsFixture } from "./analytics-fixture.ts";

let h: Harness;
let fx: Awaited<ReturnType<typeof analyticsFixture>>;
before(async () => {
  h = await startHarness();
  fx = await analyticsFixture(h);
});
after(() => h.close());

const RANGE = "from=2024-01-01&to=2024-03-31&interval=month&timeZone=Europe/Berlin";
const get = async (path: string, token = fx.user.token) => {
  const res = await h.call("GET", path, { token });
  assert.equal(res.status, 200, JSON.stringify(res.json));
  return res.json;
};

describe("GET /v1/analytics/cash-flow", () => {
  test("income and spending per month and currency, transfers and card payments left out, splits once", async () => {
    const body = await get(`/v1/analytics/cash-flow?${RANGE}`);
    assert.deepEqual(
      { from: body.from, to: body.to, interval: body.interval, timeZone: body.timeZone },
      { from: "2024-01-01", to: "2024-03-31", interval: "month", timeZone: "Europe/Berlin" },
    );
    assert.deepEqual(body.series, [
      {
        currency: "EUR",
        points: [
          // income 2500.00 salary + 3.00 cashback; spending 100.00 + 45.00 + 15.00 (split) + 40.50 - 10.25 (refund) + 5.00
          { start: "2024-01-01", end: "2024-01-31", income: "2503.00", spending: "195.25", net: "2307.75" },
          { start: "2024-02-01", end: "2024-02-29", income: "0.00", spending: "0.00", net: "0.00" },
          { start: "2024-03-01", end: "2024-03-31", income: "0.00", spending: "20.00", net: "-20.00" },
        ],
      },
      {
        currency: "GBP",
        points: [
          { start: "2024-01-01", end: "2024-01-31", income: "0.00", spending: "12.34", net: "-12.34" },
          { start: "2024-02-01", end: "2024-02-29", income: "0.00", spending: "0.00", net: "0.00" },
          { start: "2024-03-01", end: "2024-03-31", income: "0.00", spending: "0.00", net: "0.00" },
        ],
      },
    ]);
  });

  test("ISO weeks start on Monday; the first and last are clipped to the range; empty weeks are zero", async () => {
    const body = await get("/v1/analytics/cash-flow?from=2024-01-03&to=2024-01-16&interval=week");
    const eur = body.series.find((s: { currency: string }) => s.currency === "EUR");
    // Wed 3 .. Sun 7 (salary on Fri 5); Mon 8 .. Sun 14 (groceries on Wed 10, card 12); Mon 15 .. Tue 16 (nothing in EUR).
    assert.deepEqual(eur.points, [
      { start: "2024-01-03", end: "2024-01-07", income: "2500.00", spending: "0.00", net: "2500.00" },
      { start: "2024-01-08", end: "2024-01-14", income: "0.00", spending: "140.50", net: "-140.50" },
      { start: "2024-01-15", end: "2024-01-16", income: "0.00", spending: "0.00", net: "0.00" },
    ]);
  });

  test("a transaction on the last day of a month (23:30 local, booked on the local date) lands in that month", async () => {
    const body = await get(
      "/v1/analytics/cash-flow?from=2024-01-31&to=2024-02-01&interval=day&timeZone=America/Los_Angeles",
    );
    const eur = body.series.find((s: { currency: string }) => s.currency === "EUR");
    assert.deepEqual(
      eur.points.map((p: { start: string; spending: string }) => [p.start, p.spending]),
      [
        ["2024-01-31", "60.00"],
        ["2024-02-01", "0.00"],
      ],
    );
  });
});

describe("GET /v1/analytics/spending", () => {
  test("by category and group, with this period against the median of the six before it", async () => {
    const body = await get(`/v1/analytics/spending?${RANGE}`);
    assert.deepEqual(
      body.periods.map((p: { start: string }) => p.start),
      ["2024-01-01", "2024-02-01", "2024-03-01"],
    );
    const eur = body.categories.filter((c: { currency: string }) => c.currency === "EUR");
    assert.deepEqual(
      eur.map((c: { name: string; totals: string[] }) => [c.name, c.totals]),
      [
        ["Groceries", ["145.00", "0.00", "20.00"]],
        ["Restaurants", ["30.25", "0.00", "0.00"]],
        ["Books", ["15.00", "0.00", "0.00"]],
        ["Uncategorized", ["5.00", "0.00", "0.00"]],
      ],
    );
    const grocery = eur[0];
    assert.equal(grocery.categoryId, fx.ids.groceries);
    // Baseline months: Sep..Feb, but only Dec, Jan, Feb end after the first transaction (Dec 15):
    // [80.00, 145.00, 0.00] -> median 80.00; March 20.00 against it.
    assert.deepEqual(grocery.baseline, {
      periods: 3,
      median: "80.00",
      current: "20.00",
      difference: "-60.00",
      ratio: "0.2500",
    });
    const restaurants = eur[1];
    assert.deepEqual(restaurants.baseline, {
      periods: 3,
      median: "0.00",
      current: "0.00",
      difference: "0.00",
      ratio: null,
    });
    const groups = body.groups.map((g: { currency: string; name: string; totals: string[] }) => [
      g.currency,
      g.name,
      g.totals,
    ]);
    assert.deepEqual(groups, [
      ["EUR", "Food", ["175.25", "0.00", "20.00"]],
      ["EUR", "Shopping", ["15.00", "0.00", "0.00"]],
      ["EUR", "Uncategorized", ["5.00", "0.00", "0.00"]],
      ["GBP", "Food", ["12.34", "0.00", "0.00"]],
    ]);
    // Food: Dec 80.00, Jan 175.25, Feb 0 -> median 80.00.
    assert.equal(body.groups[0].baseline.median, "80.00");
    assert.equal(body.groups[0].baseline.ratio, "0.2500");
  });
});

describe("GET /v1/analytics/net-worth", () => {
  test("opening balances plus every transaction to each period's end, owed balances negative, per currency", async () => {
    const body = await get(`/v1/analytics/net-worth?${RANGE}`);
    // Checking: 1000.00 + 100.00 - 80.00 before January; January +2068.00 -> 3088.00; March -20.00.
    // Card: -500.00 - 40.50 + 10.25 + 200.00 + 50.00 = -280.25. GBP: 50.00 - 12.34 = 37.66.
    assert.deepEqual(body.series, [
      {
        currency: "EUR",
        points: [
          { start: "2024-01-01", end: "2024-01-31", netWorth: "2807.75", assets: "3088.00", liabilities: "-280.25" },
          { start: "2024-02-01", end: "2024-02-29", netWorth: "2807.75", assets: "3088.00", liabilities: "-280.25" },
          { start: "2024-03-01", end: "2024-03-31", netWorth: "2787.75", assets: "3068.00", liabilities: "-280.25" },
        ],
      },
      {
        currency: "GBP",
        points: ["01-31", "02-29", "03-31"].map((d, i) => ({
          start: `2024-0${i + 1}-01`,
          end: `2024-${d}`,
          netWorth: "37.66",
          assets: "37.66",
          liabilities: "0.00",
        })),
      },
    ]);
  });
});

describe("GET /v1/analytics/merchants", () => {
  test("top merchants by spending with transaction counts, names normalized, per currency", async () => {
    const body = await get(`/v1/analytics/merchants?${RANGE}&limit=3`);
    const rows = body.merchants.map(
      (m: { merchant: string; currency: string; spending: string; count: number; totals: string[] }) => [
        m.merchant.toLowerCase(),
        m.currency,
        m.spending,
        m.count,
        m.totals,
      ],
    );
    assert.deepEqual(rows, [
      ["tesco", "EUR", "120.00", 2, ["100.00", "0.00", "20.00"]],
      ["corner shop", "EUR", "60.00", 1, ["60.00", "0.00", "0.00"]],
      ["pizza place", "EUR", "30.25", 2, ["30.25", "0.00", "0.00"]],
      ["sainsbury's", "GBP", "12.34", 1, ["12.34", "0.00", "0.00"]],
    ]);
  });
});

describe("analytics: isolation and bad parameters", () => {
  test("another person sees only their own accounts and transactions", async () => {
    const other = await h.newUser();
    const [acc] = await h.database.db
      .insert(accounts)
      .values({ userId: other.id, name: "Mine", type: "checking", currency: "USD", openingBalanceMinor: 700n })
      .returning();
    await h.database.db.insert(transactions).values({
      userId: other.id,
      accountId: acc!.id,
      date: "2024-01-02",
      amountMinor: -100n,
      currency: "USD",
      description: "x",
    });
    const cash = await get(`/v1/analytics/cash-flow?${RANGE}`, other.token);
    assert.deepEqual(
      cash.series.map((s: { currency: string; points: { spending: string }[] }) => [
        s.currency,
        s.points.map((p) => p.spending),
      ]),
      [["USD", ["1.00", "0.00", "0.00"]]],
    );
    const worth = await get(`/v1/analytics/net-worth?${RANGE}`, other.token);
    assert.deepEqual(
      worth.series.map((s: { currency: string; points: { netWorth: string }[] }) => [
        s.currency,
        s.points.map((p) => p.netWorth),
      ]),
      [["USD", ["6.00", "6.00", "6.00"]]],
    );
    assert.deepEqual((await get(`/v1/analytics/spending?${RANGE}`, other.token)).categories.length, 1);
    assert.deepEqual(
      (await get(`/v1/analytics/merchants?${RANGE}`, other.token)).merchants.map(
        (m: { merchant: string }) => m.merchant,
      ),
      ["x"],
    );
  });

  for (const [what, query, field] of [
    ["an unknown interval", "interval=year", "interval"],
    ["from after to", "from=2024-02-01&to=2024-01-01", "from"],
    ["more than 1,000 periods", "from=2020-01-01&to=2024-12-31&interval=day", "from"],
    ["a time zone that does not exist", "timeZone=Mars/Olympus", "timeZone"],
    ["a date that does not exist", "from=2024-02-30", "from"],
    ["an unknown parameter", "currency=EUR", ""],
  ] as const) {
    test(`${what} is a 400 problem naming the field`, async () => {
      for (const path of ["cash-flow", "spending", "net-worth", "merchants"]) {
        const res = await h.call("GET", `/v1/analytics/${path}?${query}`, { token: fx.user.token });
        assert.equal(res.status, 400, `${path}?${query}: ${res.text}`);
        assert.match(res.headers.get("content-type") ?? "", /application\/problem\+json/);
        if (field) assert.match(res.text, new RegExp(field));
      }
    });
  }

  test("merchants' limit outside 1..100 is a 400; no token is a 401", async () => {
    assert.equal((await h.call("GET", "/v1/analytics/merchants?limit=0", { token: fx.user.token })).status, 400);
    assert.equal((await h.call("GET", "/v1/analytics/merchants?limit=101", { token: fx.user.token })).status, 400);
    assert.equal((await h.call("GET", "/v1/analytics/cash-flow")).status, 401);
  });
});

test("the OpenAPI document has the four endpoints, their parameters and example answers", async () => {
  const doc = (await h.call("GET", "/openapi.json")).json;
  for (const path of ["cash-flow", "spending", "net-worth", "merchants"]) {
    const op = doc.paths[`/v1/analytics/${path}`]?.get;
    assert.ok(op, path);
    const params = op.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`);
    for (const name of ["from", "to", "interval", "timeZone"])
      assert.ok(params.includes(`query:${name}`), `${path} ${name}`);
    const schema = op.responses["200"].content["application/json"].schema;
    const resolved = schema.$ref ? doc.components.schemas[schema.$ref.split("/").at(-1)] : schema;
    assert.ok(resolved.example, `${path} has an example`);
    assert.ok(op.responses["400"], `${path} documents 400`);
  }
});
