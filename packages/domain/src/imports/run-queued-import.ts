import type { Db } from "@fincoach/db";
import { AppError, isAppError } from "@fincoach/errors";
import { z } from "zod";
import type { PipelineWarn } from "../categorization/decide-categories.ts";
import type { ScoreModel } from "../categorization/model-scorer.ts";
import type { Ctx } from "../shared/context.ts";
import { Uuid } from "../shared/schemas.ts";
import { getImport } from "./get-import.ts";
import { failImportRecord } from "./import-record.ts";
import { type ImportProgress, ImportStatement, importStatement, refusal } from "./import-statement.ts";
import type { ImportView } from "./import-view.ts";
import { validateInput } from "./validate-input.ts";

export const RunQueuedImport = z.object({ importId: Uuid });
export type RunQueuedImport = z.infer<typeof RunQueuedImport>;

export type RunQueuedImportArgs = {
  ctx: Ctx & { db: Db };
  input: RunQueuedImport;
  scoreModel?: ScoreModel | undefined;
  warn?: PipelineWarn | undefined;
  onProgress?: ImportProgress | undefined;
};

type Taken = { accountId: string; content: Buffer | null; request: unknown };

/**
 * Runs a queued import (the worker's `import-file` job) through the same path as a
 * synchronous one (importStatement: parse, categorization pipeline, COPY, accounting
 * invariant), so it ends with the same accounting. Safe to run again, after a crash or
 * beside a run thought dead: the record becomes `completed` in the transaction that inserts
 * its rows (and drops the stored file), a finished record is never run twice, and a row
 * whose external id the account already has is a duplicate, never a second copy. A refused
 * file, or any failure retrying cannot fix, fails the record with the problem's detail and
 * issues, nothing inserted. Failures that a retry may fix leave it `running`, to be run
 * again (or failQueuedImport once the worker gives up). Returns the record as it ends.
 */
export const runQueuedImport = async ({
  ctx,
  input,
  scoreModel,
  warn,
  onProgress,
}: RunQueuedImportArgs): Promise<ImportView> => {
  const { importId } = validateInput(RunQueuedImport, input);
  const sql = ctx.db.$client;
  // Taken up in its own statement, so GET /v1/imports/:id shows it running meanwhile.
  const [taken] = await sql<Taken[]>`
    with taken as (
      update imports set status = 'running', started_at = coalesce(started_at, now())
      where id = ${importId} and user_id = ${ctx.userId} and status in ('queued', 'running')
      returning id, account_id
    )
    select taken.account_id as "accountId", u.content, u.request
    from taken left join import_uploads u on u.import_id = taken.id`;
  // Finished already (a retry whose first run committed), or not this person's: as it is.
  if (!taken) return getImport({ ctx, input: { id: importId } });
  if (!taken.content) {
    const message = "the uploaded file is gone";
    await failImportRecord(sql, ctx.userId, importId, { message, errors: [] });
    throw new AppError("INTERNAL", message, { retryable: false });
  }
  const request = validateInput(ImportStatement.omit({ accountId: true }), taken.request);
  try {
    await importStatement({
      ctx,
      input: { ...request, accountId: taken.accountId },
      content: taken.content,
      importId,
      scoreModel,
      warn,
      onProgress,
    });
  } catch (e) {
    // Another run of the same import committed first: that outcome stands.
    const now = await getImport({ ctx, input: { id: importId } });
    if (now.status === "completed") return now;
    if (isAppError(e) && !e.retryable) await failImportRecord(sql, ctx.userId, importId, refusal(e));
    throw e;
  }
  return getImport({ ctx, input: { id: importId } });
};
