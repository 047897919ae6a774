import type { ParsedTransaction } from "./types.ts";

/** A transaction before its external id is assigned; `nativeId` is the format's own id, if any. */
export type Draft = Omit<ParsedTransaction, "externalId"> & { nativeId?: string };

/** Builds the optional fields without writing `undefined` keys (keeps deepEqual and JSON tidy). */
export const draft = (fields: {
  date: string;
  amount: ParsedTransaction["amount"];
  description: string;
  merchant?: string | undefined;
  notes?: string | undefined;
  nativeId?: string | undefined;
}): Draft => {
  const d: Draft = { date: fields.date, amount: fields.amount, description: fields.description };
  if (fields.merchant) d.merchant = fields.merchant;
  if (fields.notes && fields.notes !== fields.description) d.notes = fields.notes;
  if (fields.nativeId) d.nativeId = fields.nativeId;
  return d;
};
