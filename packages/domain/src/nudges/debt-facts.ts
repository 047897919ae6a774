import { type Debt, debts, plans } from "@fincoach/db";
import { asc, desc, eq } from "drizzle-orm";
import type { CalendarDate } from "../budgets/calendar-date.ts";
import { debtBalances } from "../debts/debt-balances.ts";
import type { PlanResult } from "../debts/plan-view.ts";
import { toDecimal, toMinor } from "../shared/amounts.ts";
import type { Ctx } from "../shared/context.ts";
import type { NudgeFacts } from "./nudge-facts.ts";

/** Months from `from` to `to` (YYYY-MM), both counted. */
const monthsThrough = (from: string, to: string): number => {
  const [y1, m1] = from.split("-").map(Number) as [number, number];
  const [y2, m2] = to.split("-").map(Number) as [number, number];
  return (y2 - y1) * 12 + (m2 - m1) + 1;
};

/**
 * What a debt's minimum was once it is paid off. A fixed rule: its amount. A percentage rule:
 * its floor, which is what the minimum came down to on the last small balances, so money the
 * person surely paid each month and no longer owes.
 */
const freedMinimum = (d: Debt): string => {
  const amount = d.minimumPayment.kind === "fixed" ? d.minimumPayment.amount : d.minimumPayment.floor;
  return toDecimal(toMinor("minimumPayment", amount, d.currency), d.currency);
};

type PlannedDebt = { opening: string; payoffMonth: string | null };

/** Each debt's opening balance and payoff month in the newest saved plan that has it. */
const plannedDebts = async (ctx: Ctx): Promise<Map<string, PlannedDebt>> => {
  const rows = await ctx.db
    .select({ result: plans.result })
    .from(plans)
    .where(eq(plans.userId, ctx.userId))
    .orderBy(desc(plans.computedAt), desc(plans.id));
  const out = new Map<string, PlannedDebt>();
  for (const { result } of rows) {
    const plan = result as PlanResult;
    const first = plan.schedule[0];
    for (const d of plan.debts) {
      const p = first?.payments.find((x) => x.debtId === d.debtId);
      if (out.has(d.debtId) || !p) continue;
      // The first month's balance after payment plus the principal paid: what it started from.
      const opening = toMinor("balance", p.balance, plan.currency) + toMinor("principal", p.principal, plan.currency);
      out.set(d.debtId, { opening: toDecimal(opening, plan.currency), payoffMonth: d.payoffMonth });
    }
  }
  return out;
};

/**
 * Debt progress (paid since the saved plan started, months left by that plan; once per debt and
 * month) and money freed by a finished debt (its minimum; once per debt). Debts no saved plan
 * covers have no starting point, so they make no nudge.
 */
export const debtFacts = async (
  ctx: Ctx,
  today: CalendarDate,
): Promise<(NudgeFacts<"debt_progress"> | NudgeFacts<"debt_freed">)[]> => {
  const rows = await ctx.db
    .select()
    .from(debts)
    .where(eq(debts.userId, ctx.userId))
    .orderBy(asc(debts.createdAt), asc(debts.id));
  const balances = await debtBalances(ctx.db, ctx.userId, rows);
  const planned = await plannedDebts(ctx);
  const month = today.slice(0, 7);
  const out: (NudgeFacts<"debt_progress"> | NudgeFacts<"debt_freed">)[] = [];
  for (const d of rows) {
    const plan = planned.get(d.id);
    const balance = balances.get(d.id) ?? d.balanceMinor;
    if (!plan) continue;
    const opening = toMinor("opening", plan.opening, d.currency);
    if (balance === 0n && opening > 0n) {
      out.push({
        kind: "debt_freed",
        causeKey: `debt_freed:${d.id}`,
        facts: { debt: d.name, currency: d.currency, freed: freedMinimum(d) },
      });
    } else if (balance < opening && plan.payoffMonth !== null && plan.payoffMonth >= month) {
      out.push({
        kind: "debt_progress",
        causeKey: `debt_progress:${d.id}:${month}`,
        facts: {
          debt: d.name,
          currency: d.currency,
          paid: toDecimal(opening - balance, d.currency),
          balance: toDecimal(balance, d.currency),
          monthsLeft: monthsThrough(month, plan.payoffMonth),
          payoffMonth: plan.payoffMonth,
        },
      });
    }
  }
  return out;
};
