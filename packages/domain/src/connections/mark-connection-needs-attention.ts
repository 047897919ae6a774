import { connections } from "@fincoach/db";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Ctx } from "../shared/context.ts";
import { requireRow } from "../shared/require-row.ts";
import { Uuid } from "../shared/schemas.ts";
import { parseInput } from "../transactions/parse-input.ts";

const Input = z.object({ connectionId: Uuid, reason: z.string().trim().min(1).max(1000) });

/**
 * The worker found the credentials refused (or the server gone): the connection waits for
 * the person, who fixes it with PATCH. A disabled connection stays disabled.
 */
export const markConnectionNeedsAttention = async ({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: z.input<typeof Input>;
}): Promise<void> => {
  const { connectionId, reason } = parseInput(Input, input);
  const [row] = await ctx.db
    .update(connections)
    .set({ status: "needs_attention", statusReason: reason })
    .where(and(eq(connections.id, connectionId), eq(connections.userId, ctx.userId)))
    .returning({ id: connections.id });
  requireRow(row, "connection");
};
