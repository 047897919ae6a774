import { ALERT_KINDS, type Alert, type AlertDetailsData, type AlertKind as AlertKindName } from "@fincoach/db";
import { z } from "zod";
import { IsoDate, Timestamp, Uuid } from "../shared/schemas.ts";

export const AlertKind = z.enum(ALERT_KINDS).meta({ id: "AlertKind" });

export const AlertView = z
  .object({
    id: Uuid,
    kind: AlertKind,
    /** The transaction that raised it (transaction alerts). */
    transactionId: Uuid.nullable(),
    budgetId: Uuid.nullable(),
    categoryId: Uuid.nullable(),
    /** The budget period it is about (budget alerts). */
    periodStart: IsoDate.nullable(),
    /** The rule's figures (docs/alerts.md): amounts as decimal strings in `currency`. */
    details: z.record(z.string(), z.unknown()),
    acknowledgedAt: Timestamp.nullable(),
    createdAt: Timestamp,
  })
  .meta({
    id: "Alert",
    example: {
      id: "7c9e6679-7425-40de-944b-e07fc1f90ae7",
      kind: "unusual_charge",
      transactionId: "16fd2706-8baf-433b-82eb-8c7fada847da",
      budgetId: null,
      categoryId: "0f8fad5b-d9cb-469f-a165-70867728950e",
      periodStart: null,
      details: {
        currency: "EUR",
        amount: "182.40",
        median: "41.20",
        mad: "3.10",
        score: 30.72,
        basis: "merchant",
        history: 12,
      },
      acknowledgedAt: null,
      createdAt: "2026-04-14T09:30:00.000Z",
    },
  });
export type AlertView = z.infer<typeof AlertView>;

/** What a rule proposes; stored once per (person, causeKey). */
export type AlertCandidate = {
  kind: AlertKindName;
  /** kind + subject + period or transaction: the same cause always makes the same key. */
  causeKey: string;
  transactionId?: string | undefined;
  budgetId?: string | undefined;
  categoryId?: string | null | undefined;
  periodStart?: string | undefined;
  details: AlertDetailsData;
};

export const toAlertView = (a: Alert): AlertView => ({
  id: a.id,
  kind: a.kind,
  transactionId: a.transactionId,
  budgetId: a.budgetId,
  categoryId: a.categoryId,
  periodStart: a.periodStart,
  details: a.details,
  acknowledgedAt: a.acknowledgedAt?.toISOString() ?? null,
  createdAt: a.createdAt.toISOString(),
});
