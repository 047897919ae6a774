import { users } from "@fincoach/db";
import { AppError, unauthorized } from "@fincoach/errors";
import { eq } from "drizzle-orm";
import type { Ctx } from "../shared/context.ts";
import { DeleteMeBody } from "./auth-schemas.ts";
import { checkPassword } from "./check-password.ts";
import type { PasswordHashing } from "./password.ts";

/**
 * Deletes the person and, by the foreign keys' cascade, everything of theirs: accounts,
 * transactions, categories, budgets, goals, imports, refresh and personal access tokens,
 * debts, plans, recurring streams, alerts and mutes, webhooks and their deliveries,
 * notification settings, nudges (services/api/src/routes/me/delete-me.test.ts checks every
 * table with a user_id).
 * The password is asked again (a stolen access token alone can't delete an account);
 * `beforeCheck` runs with the person's email before it is checked: the API counts each
 * try against the login limits there, so the check can't become a way to guess passwords.
 */
export const deleteMe = async ({
  ctx,
  hashing,
  input,
  beforeCheck,
}: {
  ctx: Ctx;
  hashing: PasswordHashing;
  input: DeleteMeBody;
  beforeCheck: (email: string) => Promise<void>;
}): Promise<void> => {
  const { password } = DeleteMeBody.parse(input);
  const [user] = await ctx.db
    .select({ email: users.email, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.id, ctx.userId));
  if (!user) throw unauthorized("this account no longer exists");
  await beforeCheck(user.email);
  const check = await checkPassword(hashing, user.passwordHash, password);
  if (!check.matches) throw new AppError("FORBIDDEN", "the password is not correct");
  await ctx.db.delete(users).where(eq(users.id, ctx.userId));
};
