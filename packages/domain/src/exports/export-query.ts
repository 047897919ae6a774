import { z } from "zod";
import { IsoDate, Uuid } from "../shared/schemas.ts";

export const EXPORT_FORMATS = ["csv", "ofx"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Which transactions to export and how; every bound is optional and inclusive. */
export const ExportTransactions = z
  .object({
    format: z.enum(EXPORT_FORMATS).default("csv"),
    from: IsoDate.optional(),
    to: IsoDate.optional(),
    accountId: Uuid.optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ["to"], message: "must not be before from" });
export type ExportTransactions = z.infer<typeof ExportTransactions>;

/** The row filter part of an export: account and inclusive date bounds. */
export type ExportRange = Omit<ExportTransactions, "format">;
