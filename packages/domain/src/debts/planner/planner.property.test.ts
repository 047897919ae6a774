import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { addMonthsTo } from "./calendar-month.ts";
import type { InterestMethod } from "./interest.ts";
import { percentRate } from "./rate.ts";
import { simulate } from "./simulate.ts";
import { debt, input } from "./test-debts.ts";
import type { PlannerDebt, PlanOutcome, RunStrategy } from "./types.ts";

const METHODS: InterestMethod[] = ["monthly", "daily_365", "daily_360"];

/** Debts with fixed minimums that cover their first interest generously (so every plan amortizes). */
const debts = (opts: { methods?: InterestMethod[]; wholeAprs?: boolean; promos?: boolean } = {}) =>
  fc
    .array(
      fc.record({
        balance: fc.bigInt({ min: 1n, max: 5_000_000n }),
        aprHundredths: opts.wholeAprs
          ? fc.integer({ min: 0, max: 15 }).map((p) => p * 200)
          : fc.integer({ min: 0, max: 3500 }),
        method: fc.constantFrom(...(opts.methods ?? METHODS)),
        // A promotion from the start for 1-12 months: at 0 %, or deferring interest at the debt's APR.
        promo: opts.promos
          ? fc.option(fc.record({ months: fc.integer({ min: 1, max: 12 }), deferred: fc.boolean() }))
          : fc.constant(null),
      }),
      { minLength: 1, maxLength: 5 },
    )
    .map((rows) =>
      rows.map(({ balance, aprHundredths, method, promo }, i): PlannerDebt => {
        const apr = `${Math.floor(aprHundredths / 100)}.${String(aprHundredths % 100).padStart(2, "0")}`;
        // 3 % of the balance plus 1.00 is above a month's interest at up to 35 % APR (≤ 2.98 % a month).
        const minimum = (balance * 3n) / 100n + 100n;
        const aprSchedule = promo
          ? [
              {
                rate: promo.deferred ? percentRate(apr) : percentRate("0"),
                from: "2025-01-01",
                to: `${addMonthsTo("2025-01", promo.months - 1)}-28`,
                kind: promo.deferred ? ("deferred_interest" as const) : ("promotional" as const),
              },
            ]
          : [];
        return { ...debt(`d${i}`, balance, apr, minimum, { aprSchedule }), interestMethod: method };
      }),
    );

const minimumsOf = (ds: PlannerDebt[]) =>
  ds.reduce((s, d) => s + (d.minimum.kind === "fixed" ? d.minimum.amountMinor : 0n), 0n);

const plan = (ds: PlannerDebt[], budget: bigint, strategy: RunStrategy = "avalanche"): PlanOutcome => {
  const r = simulate(ds, input(budget, { strategy }));
  if ("requiredMinor" in r) throw new Error("a budget at or above the fixed minimums never falls short");
  return r;
};

test("every schedule's payments sum exactly to the principal plus the interest, per debt and month by month", () => {
  fc.assert(
    fc.property(
      debts({ promos: true }),
      fc.bigInt({ min: 0n, max: 500_000n }),
      fc.constantFrom<RunStrategy>("snowball", "avalanche", "minimum_only"),
      (ds, more, strategy) => {
        const p = plan(ds, minimumsOf(ds) + more, strategy);
        assert.equal(p.status, "paid_off");
        for (const d of ds) {
          const out = p.debts.find((o) => o.debtId === d.id)!;
          assert.equal(out.totalPaidMinor, d.balanceMinor + out.totalInterestMinor);
          let balance = d.balanceMinor;
          for (const m of p.schedule) {
            const pay = m.payments.find((x) => x.debtId === d.id);
            if (!pay) continue;
            assert.equal(pay.balanceMinor, balance + pay.interestMinor - pay.paymentMinor);
            assert.equal(pay.principalMinor, pay.paymentMinor - pay.interestMinor);
            balance = pay.balanceMinor;
          }
          assert.equal(balance, 0n);
        }
        const principal = ds.reduce((s, d) => s + d.balanceMinor, 0n);
        assert.equal(p.totalPaidMinor, principal + p.totalInterestMinor);
      },
    ),
    { numRuns: 150 },
  );
});

test("with a fixed budget every month but the last pays exactly the budget", () => {
  fc.assert(
    fc.property(debts({ promos: true }), fc.bigInt({ min: 0n, max: 500_000n }), (ds, more) => {
      const budget = minimumsOf(ds) + more;
      const p = plan(ds, budget);
      p.schedule.forEach((m, i) => {
        const paid = m.payments.reduce((s, x) => s + x.paymentMinor, 0n);
        if (i < p.schedule.length - 1) assert.equal(paid, budget);
        else assert.ok(paid <= budget);
      });
    }),
    { numRuns: 100 },
  );
});

test("avalanche never pays more interest than snowball on the same budget", () => {
  // Rounding each debt's interest to the cent can move a total by a cent or two either way, so
  // with a few cents above the minimums the two orders may differ by that noise alone (fast-check
  // found 11,693.54 at 16 % and 31,617.23 at 13 % with 0.03 spare: snowball 1 cent cheaper).
  // Here APRs are 2 % apart and at least 100.00 is spare, so the order's effect dwarfs rounding.
  fc.assert(
    fc.property(
      debts({ methods: ["monthly"], wholeAprs: true }),
      fc.bigInt({ min: 10_000n, max: 500_000n }),
      (ds, more) => {
        const budget = minimumsOf(ds) + more;
        assert.ok(plan(ds, budget, "avalanche").totalInterestMinor <= plan(ds, budget, "snowball").totalInterestMinor);
      },
    ),
    { numRuns: 500 },
  );
});

test("more budget never lengthens the plan", () => {
  fc.assert(
    fc.property(
      debts(),
      fc.bigInt({ min: 0n, max: 500_000n }),
      fc.bigInt({ min: 1n, max: 200_000n }),
      fc.constantFrom<RunStrategy>("snowball", "avalanche"),
      (ds, more, extra, strategy) => {
        const budget = minimumsOf(ds) + more;
        assert.ok(plan(ds, budget + extra, strategy).months! <= plan(ds, budget, strategy).months!);
      },
    ),
    { numRuns: 150 },
  );
});

test("a snowflake shortens the term or leaves it, and never lowers a month's payment below the budget", () => {
  fc.assert(
    fc.property(
      debts(),
      fc.bigInt({ min: 0n, max: 200_000n }),
      fc.bigInt({ min: 1n, max: 1_000_000n }),
      fc.integer({ min: 0, max: 11 }),
      (ds, more, amount, month) => {
        const budget = minimumsOf(ds) + more;
        const date = `2025-${String(month + 1).padStart(2, "0")}-15`;
        const without = plan(ds, budget);
        const r = simulate(ds, input(budget, { extras: [{ date, amountMinor: amount }] }));
        if ("requiredMinor" in r) throw new Error("a positive extra never makes a month short");
        assert.ok(r.months! <= without.months!);
        r.schedule.slice(0, -1).forEach((m) => {
          assert.ok(m.payments.reduce((s, x) => s + x.paymentMinor, 0n) >= budget);
        });
      },
    ),
    { numRuns: 100 },
  );
});
