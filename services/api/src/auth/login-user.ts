import { users } from "@fincoach/db";
import { unauthorized } from "@fincoach/errors";
import { eq, sql } from "drizzle-orm";
import type { ApiDeps } from "../api-context.ts";
import { type AuthSession, LoginBody } from "./auth-schemas.ts";
import { issueSession } from "./issue-session.ts";
import { enforceLoginLimits } from "./login-limits.ts";
import { hashPassword, needsRehash, verifyAgainstDummy, verifyPassword } from "./password.ts";

/** One message for unknown email and wrong password, so a login can't probe for accounts. */
const INVALID = "invalid email or password";

/**
 * Checks the rate limits (before any hashing, so a flood costs us little), then the
 * credentials, and starts a new refresh-token family.
 */
export const loginUser = async (deps: ApiDeps, input: LoginBody, clientIp: string): Promise<AuthSession> => {
  const { email, password } = LoginBody.parse(input);
  await enforceLoginLimits(deps, { email, clientIp });
  const { db } = deps.database;
  const [user] = await db.select().from(users).where(sql`lower(${users.email}) = ${email}`).limit(1);
  if (!user) {
    await verifyAgainstDummy(password);
    throw unauthorized(INVALID);
  }
  if (!(await verifyPassword(user.passwordHash, password))) throw unauthorized(INVALID);
  if (needsRehash(user.passwordHash)) {
    // Parameters were raised since this hash was made; the plaintext is only here now.
    await db
      .update(users)
      .set({ passwordHash: await hashPassword(password) })
      .where(eq(users.id, user.id));
  }
  return issueSession(db, deps.config.auth, { id: user.id, email: user.email });
};
