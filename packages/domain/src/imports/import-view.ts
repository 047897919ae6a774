import { IMPORT_STATUSES, type Import } from "@fincoach/db";
import { z } from "zod";
import { Timestamp, Uuid } from "../shared/schemas.ts";

export const ImportStatus = z.enum(IMPORT_STATUSES);

/** One problem found in the file, e.g. `{ path: "line 12 / amount", message: "..." }`. */
export const ImportIssue = z.object({ path: z.string(), message: z.string() }).meta({ id: "ImportIssue" });

/** What an import did: rows inserted, rows already there (deduped by external id), rows that failed. */
export const ImportResult = z
  .object({
    importId: Uuid,
    status: ImportStatus,
    inserted: z.number().int(),
    duplicates: z.number().int(),
    failed: z.number().int(),
    errors: z.array(ImportIssue),
  })
  .meta({ id: "ImportResult" });
export type ImportResult = z.infer<typeof ImportResult>;

/** The stored import record. */
export const ImportView = ImportResult.extend({
  accountId: Uuid,
  filename: z.string().nullable(),
  format: z.string(),
  createdAt: Timestamp,
  completedAt: Timestamp.nullable(),
}).meta({ id: "Import" });
export type ImportView = z.infer<typeof ImportView>;

export const toImportView = (r: Import): ImportView => ({
  importId: r.id,
  accountId: r.accountId,
  filename: r.filename,
  format: r.format,
  status: r.status,
  inserted: r.inserted,
  duplicates: r.duplicates,
  failed: r.failed,
  errors: r.errors,
  createdAt: r.createdAt.toISOString(),
  completedAt: r.completedAt?.toISOString() ?? null,
});
