import type { Debt } from "@fincoach/db";
import { toMinor } from "../shared/amounts.ts";
import { percentRate } from "./planner/rate.ts";
import type { MinimumRule, PlannerDebt } from "./planner/types.ts";

/** A stored debt, with what it owes now, as the planner takes it (everything exact: minor units and fractions). */
export const toPlannerDebt = (d: Debt, balanceMinor: bigint): PlannerDebt => {
  const m = d.minimumPayment;
  const minimum: MinimumRule =
    m.kind === "fixed"
      ? { kind: "fixed", amountMinor: toMinor("minimumPayment.amount", m.amount, d.currency) }
      : {
          kind: m.kind,
          percent: percentRate(m.percent),
          floorMinor: toMinor("minimumPayment.floor", m.floor, d.currency),
        };
  return {
    id: d.id,
    name: d.name,
    balanceMinor,
    apr: percentRate(d.apr),
    aprSchedule: d.aprSchedule.map((e) => ({ rate: percentRate(e.apr), from: e.from, to: e.to, kind: e.kind })),
    interestMethod: d.interestMethod,
    minimum,
  };
};
