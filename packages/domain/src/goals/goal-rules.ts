import { z } from "zod";
import { DecimalAmount } from "../shared/schemas.ts";

export const GoalName = z.string().trim().min(1).max(120);

/** A target: a decimal string above zero. */
export const TargetAmount = DecimalAmount.refine(
  (s) => !s.startsWith("-") && /[1-9]/.test(s),
  "must be greater than zero",
);
