import { divideRoundHalfEven } from "@fincoach/money";
import type { MinimumRule } from "./types.ts";

const percentOf = (minor: bigint, p: { num: bigint; den: bigint }) => divideRoundHalfEven(minor * p.num, p.den);

/**
 * The month's minimum payment, never more than the statement (opening balance + the month's
 * interest): `fixed` is the amount; `percent` is that share of the statement, at least the
 * floor; `interest_plus_percent` is the month's interest plus that share of the opening
 * balance, at least the floor. Percentages round half to even, like interest.
 */
export const minimumPayment = (rule: MinimumRule, balanceMinor: bigint, interestMinor: bigint): bigint => {
  const statement = balanceMinor + interestMinor;
  const wanted =
    rule.kind === "fixed"
      ? rule.amountMinor
      : rule.kind === "percent"
        ? max(rule.floorMinor, percentOf(statement, rule.percent))
        : max(rule.floorMinor, interestMinor + percentOf(balanceMinor, rule.percent));
  return wanted < statement ? wanted : statement;
};

const max = (a: bigint, b: bigint) => (a > b ? a : b);
