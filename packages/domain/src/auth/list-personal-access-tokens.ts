import { personalAccessTokens } from "@fincoach/db";
import { desc, eq } from "drizzle-orm";
import type { Ctx } from "../shared/context.ts";
import { type PersonalAccessTokenView, toPersonalAccessTokenView } from "./personal-access-token-view.ts";

/** The person's tokens, newest first (expired ones included, so they can be seen and deleted). */
export const listPersonalAccessTokens = async ({ ctx }: { ctx: Ctx }): Promise<PersonalAccessTokenView[]> => {
  const rows = await ctx.db
    .select()
    .from(personalAccessTokens)
    .where(eq(personalAccessTokens.userId, ctx.userId))
    .orderBy(desc(personalAccessTokens.createdAt), desc(personalAccessTokens.id));
  return rows.map(toPersonalAccessTokenView);
};
