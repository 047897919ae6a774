import type { Db } from "@fincoach/db";
import { z } from "zod";
import type { Ctx } from "../shared/context.ts";
import { Uuid } from "../shared/schemas.ts";
import { getImport } from "./get-import.ts";
import { failImportRecord } from "./import-record.ts";
import type { ImportView } from "./import-view.ts";
import { validateInput } from "./validate-input.ts";

export const FailQueuedImport = z.object({ importId: Uuid, error: z.string().trim().min(1).max(2000) });
export type FailQueuedImport = z.infer<typeof FailQueuedImport>;

/**
 * Gives a queued import up for good (its last attempt failed on something retrying could
 * have fixed, e.g. the database went away each time): `failed` with the reason, its stored
 * file dropped, nothing inserted (rows only ever commit with `completed`). A record that
 * already finished is left as it is. Returns the record.
 */
export const failQueuedImport = async ({
  ctx,
  input,
}: {
  ctx: Ctx & { db: Db };
  input: FailQueuedImport;
}): Promise<ImportView> => {
  const { importId, error } = validateInput(FailQueuedImport, input);
  await failImportRecord(ctx.db.$client, ctx.userId, importId, { message: error, errors: [] });
  return getImport({ ctx, input: { id: importId } });
};
