import type { AprEntryData, MinimumPaymentData } from "@fincoach/db";
import type { z } from "zod";
import { toDecimal, toMinor } from "../shared/amounts.ts";
import type { AprEntry, MinimumPayment } from "./debt-rules.ts";

/** A minimum rule with its amounts checked against the currency and written the currency's way ("25" -> "25.00"). */
export const storedMinimum = (m: MinimumPayment, currency: string): MinimumPaymentData => {
  const amount = (field: string, s: string) => toDecimal(toMinor(`minimumPayment.${field}`, s, currency), currency);
  return m.kind === "fixed"
    ? { kind: "fixed", amount: amount("amount", m.amount) }
    : { kind: m.kind, percent: m.percent, floor: amount("floor", m.floor) };
};

export const storedSchedule = (entries: readonly z.infer<typeof AprEntry>[]): AprEntryData[] =>
  entries.map((e) => ({ apr: e.apr, from: e.from, to: e.to ?? null, kind: e.kind }));
