import type { Debt } from "@fincoach/db";
import { z } from "zod";
import { toDecimal } from "../shared/amounts.ts";
import { CurrencyCode, DecimalAmount, Timestamp, Uuid } from "../shared/schemas.ts";
import { Apr, AprEntry, InterestMethod, MinimumPayment } from "./debt-rules.ts";

export const DebtView = z
  .object({
    id: Uuid,
    name: z.string(),
    /** The debt follows this account's balance; null means the balance is the one given. */
    accountId: Uuid.nullable(),
    /** What is owed now: a linked account's negated balance (0 if it is in credit), else the stored balance. */
    balance: DecimalAmount,
    currency: CurrencyCode,
    apr: Apr,
    aprSchedule: z.array(AprEntry),
    interestMethod: InterestMethod,
    minimumPayment: MinimumPayment,
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: "Debt" });
export type DebtView = z.infer<typeof DebtView>;

export const toDebtView = (d: Debt, balanceMinor: bigint): DebtView => ({
  id: d.id,
  name: d.name,
  accountId: d.accountId,
  balance: toDecimal(balanceMinor, d.currency),
  currency: d.currency,
  apr: d.apr,
  aprSchedule: d.aprSchedule,
  interestMethod: d.interestMethod,
  minimumPayment: d.minimumPayment,
  createdAt: d.createdAt.toISOString(),
  updatedAt: d.updatedAt.toISOString(),
});
