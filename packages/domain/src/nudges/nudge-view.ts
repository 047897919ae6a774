import { NUDGE_KINDS, NUDGE_SOURCES, type Nudge } from "@fincoach/db";
import { z } from "zod";
import { Timestamp, Uuid } from "../shared/schemas.ts";

export const NudgeKind = z.enum(NUDGE_KINDS).meta({ id: "NudgeKind" });

export const NudgeView = z
  .object({
    id: Uuid,
    kind: NudgeKind,
    text: z.string(),
    /** Who wrote `text`: the message catalog, or the LLM (its answer passed validation). */
    source: z.enum(NUDGE_SOURCES),
    /** Why the LLM's answer was not used; null when it was, or when no LLM is configured. */
    fallbackReason: z.string().nullable(),
    locale: z.string(),
    /** The figures the text was made from (docs/nudges.md): amounts as decimal strings in `currency`. */
    facts: z.record(z.string(), z.unknown()),
    dismissedAt: Timestamp.nullable(),
    createdAt: Timestamp,
  })
  .meta({
    id: "Nudge",
    example: {
      id: "7c9e6679-7425-40de-944b-e07fc1f90ae7",
      kind: "budget_slip",
      text: "Groceries is heading for $450.00 against $400.00, $50.00 over. To stay on budget, keep to $8.00 a day for the 10 days until April 30.",
      source: "template",
      fallbackReason: null,
      locale: "en-US",
      facts: {
        budget: "Groceries",
        currency: "USD",
        spent: "320.00",
        available: "400.00",
        projected: "450.00",
        overrun: "50.00",
        left: "80.00",
        daysLeft: 10,
        dailyAllowance: "8.00",
        periodEnd: "2026-04-30",
      },
      dismissedAt: null,
      createdAt: "2026-04-20T09:30:00.000Z",
    },
  });
export type NudgeView = z.infer<typeof NudgeView>;

export const toNudgeView = (n: Nudge): NudgeView => ({
  id: n.id,
  kind: n.kind,
  text: n.text,
  source: n.source,
  fallbackReason: n.fallbackReason,
  locale: n.locale,
  facts: n.facts,
  dismissedAt: n.dismissedAt?.toISOString() ?? null,
  createdAt: n.createdAt.toISOString(),
});
