import { personalAccessTokens } from "@fincoach/db";
import { type Ctx, requireRow } from "@fincoach/domain";
import { and, eq } from "drizzle-orm";

/** Deletes (and so revokes at once) one of the person's tokens; someone else's id is 404. */
export const deletePersonalAccessToken = async ({ ctx, input }: { ctx: Ctx; input: { id: string } }): Promise<void> => {
  const [row] = await ctx.db
    .delete(personalAccessTokens)
    .where(and(eq(personalAccessTokens.id, input.id), eq(personalAccessTokens.userId, ctx.userId)))
    .returning({ id: personalAccessTokens.id });
  requireRow(row, "personal access token");
};
