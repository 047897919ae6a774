import { type RecurringCadence, recurringStreams } from "@fincoach/db";
import { and, asc, eq, isNull } from "drizzle-orm";
import type { CalendarDate } from "../budgets/calendar-date.ts";
import { wholeMonthsBetween } from "../goals/goal-progress.ts";
import { streamStatus } from "../recurring/stream-status.ts";
import { toDecimal } from "../shared/amounts.ts";
import type { Ctx } from "../shared/context.ts";
import type { NudgeFacts } from "./nudge-facts.ts";

/**
 * FinCoach cannot see whether a service is used: it sees charges only. So "not used" means
 * what the data can say honestly: a mature outgoing stream, still charging, that the person has
 * never confirmed (`POST /v1/recurring/:id/confirm`) after at least this many months of charges.
 * The nudge asks whether it is still wanted; confirming it or ending it answers.
 */
export const UNUSED_AFTER_MONTHS = 3;

const PER_YEAR: Record<RecurringCadence, bigint> = {
  weekly: 52n,
  biweekly: 26n,
  semi_monthly: 24n,
  monthly: 12n,
  quarterly: 4n,
  semi_annual: 2n,
  annual: 1n,
};

/** Unconfirmed mature subscriptions (see UNUSED_AFTER_MONTHS); once per stream. */
export const subscriptionUnusedFacts = async (
  ctx: Ctx,
  today: CalendarDate,
): Promise<NudgeFacts<"subscription_unused">[]> => {
  const rows = await ctx.db
    .select()
    .from(recurringStreams)
    .where(
      and(
        eq(recurringStreams.userId, ctx.userId),
        eq(recurringStreams.direction, "outflow"),
        isNull(recurringStreams.confirmedAt),
        isNull(recurringStreams.endedAt),
      ),
    )
    .orderBy(asc(recurringStreams.createdAt), asc(recurringStreams.id));
  const out: NudgeFacts<"subscription_unused">[] = [];
  for (const s of rows) {
    const status = streamStatus({ ...s, endedByPerson: false, confirmed: false }, today);
    const months = wholeMonthsBetween(s.firstDate, today);
    if (status !== "mature" || months < UNUSED_AFTER_MONTHS) continue;
    const amount = s.lastAmountMinor < 0n ? -s.lastAmountMinor : s.lastAmountMinor;
    out.push({
      kind: "subscription_unused",
      causeKey: `subscription_unused:${s.id}`,
      facts: {
        subscription: s.name ?? s.merchantKey,
        currency: s.currency,
        amount: toDecimal(amount, s.currency),
        cadence: s.cadence,
        months,
        yearly: toDecimal(amount * PER_YEAR[s.cadence], s.currency),
      },
    });
  }
  return out;
};
