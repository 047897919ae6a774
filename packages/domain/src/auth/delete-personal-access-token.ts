import { personalAccessTokens } from "@fincoach/db";
import { and, eq } from "drizzle-orm";
import type { Ctx } from "../shared/context.ts";
import { requireRow } from "../shared/require-row.ts";

/** Deletes (and so revokes at once) one of the person's tokens; someone else's id is 404. */
export const deletePersonalAccessToken = async ({ ctx, input }: { ctx: Ctx; input: { id: string } }): Promise<void> => {
  const [row] = await ctx.db
    .delete(personalAccessTokens)
    .where(and(eq(personalAccessTokens.id, input.id), eq(personalAccessTokens.userId, ctx.userId)))
    .returning({ id: personalAccessTokens.id });
  requireRow(row, "personal access token");
};
