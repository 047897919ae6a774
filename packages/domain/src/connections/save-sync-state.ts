import { type ConnectionSyncStateData, connections } from "@fincoach/db";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Ctx } from "../shared/context.ts";
import { requireRow } from "../shared/require-row.ts";
import { parseInput } from "../transactions/parse-input.ts";

/** UIDVALIDITY is an unsigned 32-bit number; kept as a string so no reader rounds it. */
export const ConnectionSyncState = z
  .object({
    folders: z
      .record(
        z.string().min(1).max(255),
        z.object({ uidValidity: z.string().regex(/^\d{1,10}$/), lastUid: z.int().min(0).max(4_294_967_295) }).strict(),
      )
      .optional(),
    cursor: z.string().min(1).max(10_000).optional(),
  })
  .strict();

/**
 * Replaces what the worker remembers between syncs (per-folder UIDVALIDITY and last UID;
 * Plaid's cursor). Written after the batch it covers is committed, so a crash re-reads
 * mail rather than skipping it (re-reading inserts nothing twice).
 */
export const saveSyncState = async ({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { connectionId: string; state: ConnectionSyncStateData };
}): Promise<void> => {
  const state = parseInput(ConnectionSyncState, input.state);
  const [row] = await ctx.db
    .update(connections)
    .set({ syncState: state })
    .where(and(eq(connections.id, input.connectionId), eq(connections.userId, ctx.userId)))
    .returning({ id: connections.id });
  requireRow(row, "connection");
};
