import { RECURRING_CADENCES, RECURRING_DIRECTIONS, type RecurringStream } from "@fincoach/db";
import { z } from "zod";
import { toDecimal } from "../shared/amounts.ts";
import { CurrencyCode, DecimalAmount, IsoDate, Timestamp, Uuid } from "../shared/schemas.ts";
import { RECURRING_STATUSES, streamStatus } from "./stream-status.ts";

export const RecurringStatus = z.enum(RECURRING_STATUSES).meta({ id: "RecurringStatus" });

export const RecurringStreamView = z
  .object({
    id: Uuid,
    /** The person's name, else the normalized merchant. */
    name: z.string(),
    merchant: z.string().meta({ description: "The normalized merchant key the stream was found under" }),
    accountId: Uuid,
    direction: z.enum(RECURRING_DIRECTIONS),
    cadence: z.enum(RECURRING_CADENCES),
    status: RecurringStatus,
    confirmed: z.boolean(),
    currency: CurrencyCode,
    /** Signed like transactions (negative: money out); the mean rounded half to even. */
    averageAmount: DecimalAmount,
    lastAmount: DecimalAmount,
    occurrences: z.number().int(),
    firstDate: IsoDate,
    lastDate: IsoDate,
    predictedNextDate: IsoDate,
    priceChange: z
      .object({ previousAmount: DecimalAmount, amount: DecimalAmount, since: IsoDate, confirmedOn: IsoDate })
      .nullable()
      .meta({ description: "The latest confirmed price change: two consecutive charges at the new amount" }),
    confirmedAt: Timestamp.nullable(),
    endedAt: Timestamp.nullable().meta({ description: "When the person ended it; such a stream is never re-created" }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: "RecurringStream" });
export type RecurringStreamView = z.infer<typeof RecurringStreamView>;

export const toRecurringView = (s: RecurringStream, today: string): RecurringStreamView => ({
  id: s.id,
  name: s.name ?? s.merchantKey,
  merchant: s.merchantKey,
  accountId: s.accountId,
  direction: s.direction,
  cadence: s.cadence,
  status: streamStatus(
    {
      cadence: s.cadence,
      occurrences: s.occurrences,
      predictedNextDate: s.predictedNextDate,
      followingDate: s.followingDate,
      endedByPerson: s.endedAt !== null,
      confirmed: s.confirmedAt !== null,
    },
    today,
  ),
  confirmed: s.confirmedAt !== null,
  currency: s.currency,
  averageAmount: toDecimal(s.averageMinor, s.currency),
  lastAmount: toDecimal(s.lastAmountMinor, s.currency),
  occurrences: s.occurrences,
  firstDate: s.firstDate,
  lastDate: s.lastDate,
  predictedNextDate: s.predictedNextDate,
  priceChange: s.priceChange && {
    previousAmount: toDecimal(BigInt(s.priceChange.previousMinor), s.currency),
    amount: toDecimal(BigInt(s.priceChange.amountMinor), s.currency),
    since: s.priceChange.since,
    confirmedOn: s.priceChange.confirmedOn,
  },
  confirmedAt: s.confirmedAt?.toISOString() ?? null,
  endedAt: s.endedAt?.toISOString() ?? null,
  createdAt: s.createdAt.toISOString(),
  updatedAt: s.updatedAt.toISOString(),
});
