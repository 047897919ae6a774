import { users } from "@fincoach/db";
import { seedDefaultCategories } from "@fincoach/domain";
import { conflict } from "@fincoach/errors";
import type { ApiDeps } from "../api-context.ts";
import { type AuthSession, RegisterBody } from "./auth-schemas.ts";
import { issueSession } from "./issue-session.ts";
import { passwordHashingOf } from "./password-hashing.ts";
import { enforceRegisterLimits } from "./register-limits.ts";

/**
 * Creates the account, its default categories and its first session in one transaction:
 * either the person can log in with everything set up, or nothing was written. The rate
 * limits come first (a flood costs no hashing); the password (NFC, by the schema) is
 * hashed before the transaction opens so no connection waits on argon2.
 */
export const registerUser = async (deps: ApiDeps, input: RegisterBody, clientIp: string): Promise<AuthSession> => {
  const { email, password } = RegisterBody.parse(input);
  await enforceRegisterLimits(deps, clientIp);
  const passwordHash = await passwordHashingOf(deps.config.auth.passwordHashing).hash(password);
  return deps.database.db.transaction(async (tx) => {
    // The unique index on lower(email) decides, so two concurrent sign-ups can't both win.
    const [user] = await tx
      .insert(users)
      .values({ email, passwordHash })
      .onConflictDoNothing()
      .returning({ id: users.id, email: users.email });
    if (!user) throw conflict("an account with this email already exists");
    await seedDefaultCategories(tx, user.id);
    return issueSession(tx, deps.config.auth, user);
  });
};
