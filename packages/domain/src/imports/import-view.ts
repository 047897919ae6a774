import { IMPORT_STATUSES, type Import } from "@fincoach/db";
import { z } from "zod";
import { Timestamp, Uuid } from "../shared/schemas.ts";

export const ImportStatus = z.enum(IMPORT_STATUSES);

/** One problem found in the file, e.g. `{ path: "line 12 / amount", message: "..." }`. */
export const ImportIssue = z.object({ path: z.string(), message: z.string() }).meta({ id: "ImportIssue" });

/** A record of the file deliberately not imported, e.g. `{ path: "line 7", reason: "no amount (a pending order)" }`. */
export const SkippedRecord = z.object({ path: z.string(), reason: z.string() }).meta({ id: "SkippedRecord" });

/**
 * What an import did with every record the file held. Once completed,
 * `seen = inserted + duplicates + skipped`: nothing is lost without being listed.
 */
export const ImportResult = z
  .object({
    importId: Uuid,
    status: ImportStatus,
    /** Records (transactions) the imported statement holds. */
    seen: z.number().int(),
    /** New transactions stored. */
    inserted: z.number().int(),
    /** Records whose external id the account already had (or that repeat one earlier in the file). */
    duplicates: z.number().int(),
    /** Records deliberately not imported; each is listed in `skippedRecords` with its reason. */
    skipped: z.number().int(),
    /** Problems that refused the file (a refused file stores nothing); listed in `errors`. */
    failed: z.number().int(),
    /** Stored transactions whose description, merchant or notes were cut to the field limits. */
    truncated: z.number().int(),
    errors: z.array(ImportIssue),
    skippedRecords: z.array(SkippedRecord),
    /** The account number of the imported statement, when the file states one. */
    statementAccount: z.string().nullable(),
  })
  .meta({ id: "ImportResult" });
export type ImportResult = z.infer<typeof ImportResult>;

/**
 * The stored import record. A queued import (a large upload, run by the worker) reads
 * `queued`, then `running`, then `completed` with the accounting a synchronous import of the
 * same file gives, or `failed` with `error` and, for a refused file, `errors` naming each
 * line and field (nothing stored).
 */
export const ImportView = ImportResult.extend({
  accountId: Uuid,
  filename: z.string().nullable(),
  /** `unknown` until a queued import's file has been read (when the upload did not name it). */
  format: z.string(),
  /** Why the import failed (the problem's detail); null unless `failed`. */
  error: z.string().nullable(),
  createdAt: Timestamp,
  /** When the worker took a queued import up; null for synchronous imports and queued ones. */
  startedAt: Timestamp.nullable(),
  /** When it finished, completed or failed. */
  completedAt: Timestamp.nullable(),
}).meta({ id: "Import" });
export type ImportView = z.infer<typeof ImportView>;

export const toImportView = (r: Import): ImportView => ({
  importId: r.id,
  accountId: r.accountId,
  filename: r.filename,
  format: r.format,
  status: r.status,
  seen: r.seen,
  inserted: r.inserted,
  duplicates: r.duplicates,
  skipped: r.skipped,
  failed: r.failed,
  truncated: r.truncated,
  errors: r.errors,
  skippedRecords: r.skippedRecords,
  statementAccount: r.statementAccount,
  error: r.error,
  createdAt: r.createdAt.toISOString(),
  startedAt: r.startedAt?.toISOString() ?? null,
  completedAt: r.completedAt?.toISOString() ?? null,
});
