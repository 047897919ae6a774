import type { DecisionColumns } from "../categorization/decision-columns.ts";

/** One statement line ready to store, its amount already in the account's currency (minor units). */
export type ImportRow = {
  date: string;
  amountMinor: bigint;
  description: string;
  merchant?: string | null | undefined;
  notes?: string | null | undefined;
  externalId: string;
  /** How the pipeline categorized the row (absent: nothing decided). */
  decision?: DecisionColumns | undefined;
  /** A matching rule's tags. */
  tags?: readonly string[] | undefined;
};

/** Where imported rows go: whose, which account, which import record, and the account's currency. */
export type ImportTarget = { userId: string; accountId: string; importId: string; currency: string };

/** `inserted` new rows; `duplicates` rows whose external id already existed (or repeated within the batch). */
export type InsertCounts = { inserted: number; duplicates: number };

/** Postgres text can't hold NUL; a stray one in a bank file must not fail the whole import. */
export const withoutNul = (s: string): string => (s.includes("\u0000") ? s.replaceAll("\u0000", "") : s);
