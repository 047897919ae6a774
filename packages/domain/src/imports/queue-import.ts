import { createHash } from "node:crypto";
import type { Db } from "@fincoach/db";
import { AppError, notFound } from "@fincoach/errors";
import { CsvMapping } from "@fincoach/importers";
import { findAccount } from "../accounts/get-account.ts";
import type { Ctx } from "../shared/context.ts";
import { getImport } from "./get-import.ts";
import type { ImportQueue } from "./import-queue.ts";
import { failImportRecord } from "./import-record.ts";
import { ImportStatement } from "./import-statement.ts";
import type { ImportView } from "./import-view.ts";
import { validateInput } from "./validate-input.ts";

export type QueueImportArgs = {
  /** The pool handle: the record and the file commit in one transaction on its raw client. */
  ctx: Ctx & { db: Db };
  input: ImportStatement;
  content: Uint8Array;
  queue: ImportQueue;
};

/** PostgreSQL's foreign_key_violation: the account (or its person) went away meanwhile. */
const isForeignKeyViolation = (e: unknown) => (e as { code?: unknown } | null)?.code === "23503";

/**
 * Accepts a statement to be imported by the worker (runQueuedImport): the input is checked
 * as a synchronous import checks it (a bad field or mapping, or someone else's account,
 * refuses it now, storing nothing), then the import record (`queued`) and the file commit
 * together, and the job is handed to the queue. The file itself is read only by the worker:
 * a malformed one fails the record there, with the same issues a synchronous import's 422
 * lists. If the queue refuses, the record is marked failed (nothing stays `queued` forever)
 * and the error goes on, retryable.
 */
export const queueImport = async ({ ctx, input, content, queue }: QueueImportArgs): Promise<ImportView> => {
  const data = validateInput(ImportStatement, input);
  if (data.mapping !== undefined) validateInput(CsvMapping, data.mapping, "mapping");
  const account = await findAccount(ctx, data.accountId);
  const sql = ctx.db.$client;
  const { accountId: _, ...request } = data;
  const bytes = Buffer.from(content.buffer, content.byteOffset, content.byteLength);
  let importId: string;
  try {
    importId = await sql.begin(async (tx) => {
      const [created] = await tx<{ id: string }[]>`
        insert into imports (user_id, account_id, filename, format, file_sha256, status)
        values (${ctx.userId}, ${account.id}, ${data.filename ?? null}, ${data.format ?? "unknown"},
                ${createHash("sha256").update(bytes).digest("hex")}, 'queued')
        returning id`;
      // JSON stringified here: drizzle turns off postgres.js's own json serializer on this client.
      await tx`
        insert into import_uploads (import_id, user_id, content, request)
        values (${created!.id}, ${ctx.userId}, ${bytes}, ${JSON.stringify(request)}::jsonb)`;
      return created!.id;
    });
  } catch (e) {
    if (isForeignKeyViolation(e)) throw notFound("account");
    throw e;
  }
  // Read before the job exists: once queued, a worker may take it up before this returns,
  // and the answer is the record as queued (what follows is at its Location).
  const queued = await getImport({ ctx, input: { id: importId } });
  try {
    await queue.enqueue({ importId, userId: ctx.userId });
  } catch (e) {
    await failImportRecord(sql, ctx.userId, importId, { message: "the import could not be queued", errors: [] });
    throw new AppError("INTERNAL", "the import could not be queued", { cause: e, retryable: true });
  }
  return queued;
};
