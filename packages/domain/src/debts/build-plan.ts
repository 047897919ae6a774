import { type Debt, debts } from "@fincoach/db";
import { AppError, invalidField } from "@fincoach/errors";
import { and, asc, eq, inArray } from "drizzle-orm";
import { todayUtc } from "../budgets/calendar-date.ts";
import { referenceNotFound } from "../categories/reference-not-found.ts";
import { toDecimal, toMinor } from "../shared/amounts.ts";
import type { Ctx } from "../shared/context.ts";
import { debtBalances } from "./debt-balances.ts";
import { CreatePlan } from "./plan-input.ts";
import { type PlanInputs, type PlanResult, toPlanResult } from "./plan-view.ts";
import { monthOf } from "./planner/calendar-month.ts";
import { compareStrategies } from "./planner/compare-strategies.ts";
import { planPayoff } from "./planner/plan-payoff.ts";
import type { PlannerInput } from "./planner/types.ts";
import { toPlannerDebt } from "./to-planner-debt.ts";

/** The planned debts in creation order (the planner's last tie-break); every named id must be the person's. */
const plannedDebts = async (ctx: Ctx, debtIds: string[] | undefined): Promise<Debt[]> => {
  const mine = eq(debts.userId, ctx.userId);
  const rows = await ctx.db
    .select()
    .from(debts)
    .where(debtIds ? and(mine, inArray(debts.id, debtIds)) : mine)
    .orderBy(asc(debts.createdAt), asc(debts.id));
  if (debtIds && rows.length !== debtIds.length) throw referenceNotFound("debtIds", "debt");
  if (rows.length === 0) throw invalidField("debtIds", "there are no debts to plan: create one with POST /v1/debts");
  return rows;
};

const oneCurrency = (rows: Debt[]): string => {
  const currencies = [...new Set(rows.map((d) => d.currency))];
  if (currencies.length > 1) {
    throw invalidField(
      "debtIds",
      `the debts are in ${currencies.join(" and ")}: one plan's budget pays debts of one currency (no conversion)`,
    );
  }
  return currencies[0]!;
};

const checkOrder = (order: string[] | undefined, rows: Debt[]): void => {
  if (!order) return;
  const planned = new Set(rows.map((d) => d.id));
  if (order.length !== planned.size || !order.every((id) => planned.has(id))) {
    throw invalidField("order", "must list every planned debt's id exactly once");
  }
};

/**
 * Plans the person's debts from their balances now: validates the request, resolves the
 * debts, runs the planner and its comparisons. Saves nothing; the same function serves
 * POST /v1/plans, /v1/plans/compare and re-runs.
 */
export const buildPlan = async ({ ctx, input }: { ctx: Ctx; input: CreatePlan }): Promise<PlanResult> => {
  const data = CreatePlan.parse(input);
  const rows = await plannedDebts(ctx, data.debtIds);
  const currency = oneCurrency(rows);
  checkOrder(data.order, rows);
  const startDate = data.startDate ?? todayUtc();
  const extras = (data.extras ?? []).map((e, i) => {
    if (e.date < startDate) throw invalidField(`extras.${i}.date`, `is before the plan's start ${startDate}`);
    return { date: e.date, amountMinor: toMinor(`extras.${i}.amount`, e.amount, currency) };
  });
  const budgetMinor = toMinor("monthlyBudget", data.monthlyBudget, currency);
  const balances = await debtBalances(ctx.db, ctx.userId, rows);
  const plannerDebts = rows.map((d) => toPlannerDebt(d, balances.get(d.id)!));
  const plannerInput: PlannerInput = {
    strategy: data.strategy,
    budgetMinor,
    startMonth: monthOf(startDate),
    order: data.order,
    extras,
    currency,
  };
  const outcome = planPayoff(plannerDebts, plannerInput);
  const inputs: PlanInputs = {
    strategy: data.strategy,
    currency,
    monthlyBudget: toDecimal(budgetMinor, currency),
    startDate,
    debtIds: rows.map((d) => d.id),
    order: data.order ?? null,
    extras: extras.map((e) => ({ date: e.date, amount: toDecimal(e.amountMinor, currency) })),
  };
  return toPlanResult(inputs, outcome, compareStrategies(plannerDebts, plannerInput, outcome));
};

/** A saved plan's debts that no longer exist make its re-run impossible: say which. */
export const missingDebts = (wanted: string[], found: string[]): AppError => {
  const missing = wanted.filter((id) => !found.includes(id));
  return new AppError("CONFLICT", `the plan's debts ${missing.join(", ")} no longer exist; make a new plan`, {
    issues: [{ path: "debtIds", message: `${missing.join(", ")} no longer exist` }],
  });
};
