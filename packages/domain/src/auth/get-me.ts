import { users } from "@fincoach/db";
import { unauthorized } from "@fincoach/errors";
import { eq } from "drizzle-orm";
import type { Ctx } from "../shared/context.ts";
import type { MeView } from "./auth-schemas.ts";

/** The authenticated person. A valid token whose account was deleted since is a 401. */
export const getMe = async ({ ctx }: { ctx: Ctx }): Promise<MeView> => {
  const [u] = await ctx.db
    .select({ id: users.id, email: users.email, createdAt: users.createdAt })
    .from(users)
    .where(eq(users.id, ctx.userId));
  if (!u) throw unauthorized("this account no longer exists");
  return { id: u.id, email: u.email, createdAt: u.createdAt.toISOString() };
};
