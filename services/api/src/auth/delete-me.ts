import { users } from "@fincoach/db";
import { AppError, unauthorized } from "@fincoach/errors";
import { eq } from "drizzle-orm";
import type { ApiDeps } from "../api-context.ts";
import { DeleteMeBody } from "./auth-schemas.ts";
import { checkPassword } from "./check-password.ts";
import { liveUsersOf } from "./live-users-of.ts";
import { enforceLoginLimits } from "./login-limits.ts";
import { passwordHashingOf } from "./password-hashing.ts";

/**
 * Deletes the person and, by the foreign keys' cascade, everything of theirs: accounts,
 * transactions, categories, budgets, goals, imports, refresh and personal access tokens.
 * The password is asked again, and each try counts against the login limits (a stolen
 * access token must not become a way to guess the password). This process forgets the
 * person at once, so their access tokens answer 401 from the next request; other
 * processes notice within `AUTH_USER_RECHECK_SECONDS`.
 */
export const deleteMe = async (deps: ApiDeps, userId: string, input: DeleteMeBody, clientIp: string): Promise<void> => {
  const { password } = DeleteMeBody.parse(input);
  const { db } = deps.database;
  const [user] = await db
    .select({ email: users.email, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.id, userId));
  if (!user) throw unauthorized("this account no longer exists");
  await enforceLoginLimits(deps, { email: user.email, clientIp });
  const check = await checkPassword(passwordHashingOf(deps.config.auth.passwordHashing), user.passwordHash, password);
  if (!check.matches) throw new AppError("FORBIDDEN", "the password is not correct");
  await db.delete(users).where(eq(users.id, userId));
  liveUsersOf(deps).forget(userId);
};
