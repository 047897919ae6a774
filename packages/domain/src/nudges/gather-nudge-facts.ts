import type { CalendarDate } from "../budgets/calendar-date.ts";
import type { Ctx } from "../shared/context.ts";
import { budgetSlipFacts } from "./budget-slip-facts.ts";
import { debtFacts } from "./debt-facts.ts";
import { goalProgressFacts } from "./goal-progress-facts.ts";
import type { NudgeFacts } from "./nudge-facts.ts";
import { subscriptionUnusedFacts } from "./subscription-unused-facts.ts";

/** Every nudge the person's figures call for today, in a stable order (kind, then subject age). */
export const gatherNudgeFacts = async (ctx: Ctx, today: CalendarDate, timeZone: string): Promise<NudgeFacts[]> => [
  ...(await budgetSlipFacts(ctx, today, timeZone)),
  ...(await goalProgressFacts(ctx, today)),
  ...(await debtFacts(ctx, today)),
  ...(await subscriptionUnusedFacts(ctx, today)),
];
