import { TimeZone } from "@fincoach/contracts";
import type { Budget, DbOrTx } from "@fincoach/db";
import { z } from "zod";
import { todayIn } from "../analytics/today-in.ts";
import { toDecimal, toMinor } from "../shared/amounts.ts";
import type { Ctx } from "../shared/context.ts";
import { IsoDate } from "../shared/schemas.ts";
import { parseInput } from "../transactions/parse-input.ts";
import { budgetCurrent } from "./budget-current.ts";
import type { BudgetPace } from "./budget-pace-view.ts";
import { periodContaining } from "./budget-period.ts";
import { type CalendarDate, maxDate } from "./calendar-date.ts";
import { findBudget } from "./find-budget.ts";
import { daysBetween, learnedShare } from "./learned-share.ts";
import { type PaceFigures, paceFigures, type Share, shareText } from "./pace-figures.ts";

export const BudgetPaceQuery = z
  .object({
    asOf: IsoDate.optional().meta({ description: "Report as if today were this date (default: today in `timeZone`)" }),
    timeZone: TimeZone.default("UTC").meta({
      example: "Europe/Berlin",
      description: "The person's IANA time zone: decides what today is, so which day of the period it is",
    }),
  })
  .strict()
  .meta({ id: "BudgetPaceQuery" });
export type BudgetPaceQuery = z.input<typeof BudgetPaceQuery>;

/**
 * The budget's pace in the period containing `today`, from any handle (the alert evaluator
 * calls it inside its own work). Days count whole calendar days, today included: on the
 * 14th of a 30-day month 14 of 30 days have elapsed. A budget that began mid-period counts
 * its days from its start date; before it starts nothing has elapsed.
 */
export const budgetPace = async (
  db: DbOrTx,
  budget: Budget,
  today: CalendarDate,
  timeZone: string,
): Promise<BudgetPace> => {
  const period = periodContaining(budget.period, today);
  const start = maxDate(period.start, budget.startDate);
  const days = Math.max(daysBetween(start, period.end) + 1, 1);
  const elapsed = Math.min(Math.max(daysBetween(start, today) + 1, 0), days);
  const current = await budgetCurrent(db, budget, today);
  const spentMinor = toMinor("spent", current.spent, budget.currency);
  const availableMinor = budget.amountMinor + toMinor("rolledOver", current.rolledOver, budget.currency);
  const figures = (share: Share) => paceFigures({ availableMinor, spentMinor, share, elapsed, days });
  const linearShare = { num: BigInt(elapsed), den: BigInt(days) };
  const linear = figures(linearShare);
  const history = elapsed > 0 ? await learnedShare(db, budget, period, elapsed, days) : undefined;
  const learned = history ? figures(history.share) : undefined;
  const chosen = learned ?? linear;
  const fmt = (minor: bigint) => toDecimal(minor, budget.currency);
  const view = (f: PaceFigures, share: Share) => ({
    expected: fmt(f.paceMinor),
    share: shareText(share),
    daysAhead: f.daysAhead,
    projected: fmt(f.projectedMinor),
  });
  return {
    budgetId: budget.id,
    currency: budget.currency,
    timeZone,
    today,
    start,
    end: period.end,
    days,
    elapsedDays: elapsed,
    spent: current.spent,
    available: fmt(availableMinor),
    basis: learned ? "learned" : "linear",
    expected: fmt(chosen.paceMinor),
    daysAhead: chosen.daysAhead,
    projected: fmt(chosen.projectedMinor),
    status: spentMinor > chosen.paceMinor ? "over_pace" : spentMinor < chosen.paceMinor ? "under_pace" : "on_pace",
    projectedOverrun: chosen.projectedMinor > availableMinor,
    linear: view(linear, linearShare),
    learned: learned && history ? { ...view(learned, history.share), periods: history.periods } : null,
  };
};

/** `GET /v1/budgets/{id}/pace`: the person's budget against its linear and learned paces. */
export const getBudgetPace = async ({
  ctx,
  input,
  now = new Date(),
}: {
  ctx: Ctx;
  input: { id: string } & BudgetPaceQuery;
  now?: Date;
}): Promise<BudgetPace> => {
  const { id, ...rest } = input;
  const q = parseInput(BudgetPaceQuery, rest);
  const budget = await findBudget(ctx, id);
  return budgetPace(ctx.db, budget, q.asOf ?? todayIn(q.timeZone, now), q.timeZone);
};
