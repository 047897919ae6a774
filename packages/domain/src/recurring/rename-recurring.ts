import { recurringStreams } from "@fincoach/db";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Ctx } from "../shared/context.ts";
import { findRecurring } from "./find-recurring.ts";
import { getRecurring, type RecurringStreamDetail } from "./get-recurring.ts";

export const RenameRecurring = z
  .object({
    /** null goes back to the merchant's name. */
    name: z.string().trim().min(1).max(200).nullable(),
  })
  .strict()
  .meta({ id: "RenameRecurring" });
export type RenameRecurring = z.infer<typeof RenameRecurring>;

/** Names the stream ("Netflix family plan"); a renamed stream is kept even if later data no longer shows it. */
export const renameRecurring = async ({
  ctx,
  input,
  today,
}: {
  ctx: Ctx;
  input: { id: string; patch: RenameRecurring };
  today?: string;
}): Promise<RecurringStreamDetail> => {
  const { name } = RenameRecurring.parse(input.patch);
  const stream = await findRecurring(ctx, input.id);
  await ctx.db
    .update(recurringStreams)
    .set({ name })
    .where(and(eq(recurringStreams.id, stream.id), eq(recurringStreams.userId, ctx.userId)));
  return getRecurring({ ctx, input: { id: stream.id }, today });
};
