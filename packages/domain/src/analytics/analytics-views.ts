import { z } from "zod";
import { CurrencyCode, DecimalAmount, IsoDate, Uuid } from "../shared/schemas.ts";
import { INTERVALS } from "./analytics-query.ts";

/** What every analytics answer echoes: the resolved range (defaults filled in) and its periods. */
const Resolved = {
  from: IsoDate,
  to: IsoDate,
  interval: z.enum(INTERVALS),
  timeZone: z.string().meta({ example: "Europe/Berlin" }),
};
const Money = DecimalAmount;
const Period = { start: IsoDate, end: IsoDate };

export const CashFlowPoint = z.object({ ...Period, income: Money, spending: Money, net: Money });
export const CashFlowView = z
  .object({
    ...Resolved,
    series: z.array(z.object({ currency: CurrencyCode, points: z.array(CashFlowPoint) })).meta({
      description: "One series per currency (never converted), one point per period, empty periods zero",
    }),
  })
  .meta({
    id: "CashFlow",
    example: {
      from: "2024-01-01",
      to: "2024-02-29",
      interval: "month",
      timeZone: "Europe/Berlin",
      series: [
        {
          currency: "EUR",
          points: [
            { start: "2024-01-01", end: "2024-01-31", income: "2500.00", spending: "1830.25", net: "669.75" },
            { start: "2024-02-01", end: "2024-02-29", income: "0.00", spending: "0.00", net: "0.00" },
          ],
        },
      ],
    },
  });
export type CashFlowView = z.infer<typeof CashFlowView>;

export const Baseline = z
  .object({
    periods: z.number().int().meta({ description: "How many earlier periods the median is taken over" }),
    median: Money.nullable(),
    current: Money,
    difference: Money.nullable().meta({ description: "current - median" }),
    ratio: z
      .string()
      .nullable()
      .meta({ example: "1.2500", description: "current / median, 4 decimals; null if the median is 0" }),
  })
  .meta({ id: "SpendingBaseline" });
export type Baseline = z.infer<typeof Baseline>;

const SpendingLine = {
  currency: CurrencyCode,
  name: z.string(),
  totals: z.array(Money).meta({ description: "Spending in each period, in the order of `periods`" }),
  baseline: Baseline,
};
export const SpendingView = z
  .object({
    ...Resolved,
    periods: z.array(z.object(Period)),
    categories: z.array(
      z.object({
        categoryId: Uuid.nullable().meta({ description: "null: uncategorized" }),
        groupId: Uuid.nullable(),
        ...SpendingLine,
      }),
    ),
    groups: z.array(z.object({ groupId: Uuid.nullable(), ...SpendingLine })),
  })
  .meta({
    id: "Spending",
    example: {
      from: "2024-01-01",
      to: "2024-01-31",
      interval: "month",
      timeZone: "UTC",
      periods: [{ start: "2024-01-01", end: "2024-01-31" }],
      categories: [
        {
          categoryId: "0190a5a4-6f1e-7c3b-9d2a-3c4b5d6e7f80",
          groupId: "0190a5a4-6f1e-7c3b-9d2a-3c4b5d6e7f81",
          currency: "EUR",
          name: "Groceries",
          totals: ["412.30"],
          baseline: { periods: 6, median: "380.00", current: "412.30", difference: "32.30", ratio: "1.0850" },
        },
      ],
      groups: [
        {
          groupId: "0190a5a4-6f1e-7c3b-9d2a-3c4b5d6e7f81",
          currency: "EUR",
          name: "Food",
          totals: ["512.30"],
          baseline: { periods: 6, median: "500.00", current: "512.30", difference: "12.30", ratio: "1.0246" },
        },
      ],
    },
  });
export type SpendingView = z.infer<typeof SpendingView>;

export const NetWorthPoint = z.object({
  ...Period,
  netWorth: Money,
  assets: Money.meta({ description: "Sum of the accounts with a positive balance at `end`" }),
  liabilities: Money.meta({ description: "Sum of the accounts with a negative balance at `end` (negative)" }),
});
export const NetWorthView = z
  .object({
    ...Resolved,
    series: z.array(z.object({ currency: CurrencyCode, points: z.array(NetWorthPoint) })),
  })
  .meta({
    id: "NetWorth",
    example: {
      from: "2024-01-01",
      to: "2024-01-31",
      interval: "month",
      timeZone: "UTC",
      series: [
        {
          currency: "EUR",
          points: [
            { start: "2024-01-01", end: "2024-01-31", netWorth: "8200.00", assets: "9000.00", liabilities: "-800.00" },
          ],
        },
      ],
    },
  });
export type NetWorthView = z.infer<typeof NetWorthView>;

export const MerchantsView = z
  .object({
    ...Resolved,
    periods: z.array(z.object(Period)),
    merchants: z.array(
      z.object({
        merchant: z.string().meta({ description: "The most frequent spelling of the normalized merchant" }),
        currency: CurrencyCode,
        spending: Money,
        count: z.number().int(),
        totals: z.array(Money).meta({ description: "Spending in each period, in the order of `periods`" }),
      }),
    ),
  })
  .meta({
    id: "Merchants",
    example: {
      from: "2024-01-01",
      to: "2024-01-31",
      interval: "month",
      timeZone: "UTC",
      periods: [{ start: "2024-01-01", end: "2024-01-31" }],
      merchants: [{ merchant: "TESCO STORES", currency: "GBP", spending: "212.40", count: 9, totals: ["212.40"] }],
    },
  });
export type MerchantsView = z.infer<typeof MerchantsView>;
