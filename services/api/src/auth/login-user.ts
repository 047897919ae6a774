import { users } from "@fincoach/db";
import { unauthorized } from "@fincoach/errors";
import { eq, sql } from "drizzle-orm";
import type { ApiDeps } from "../api-context.ts";
import { type AuthSession, LoginBody } from "./auth-schemas.ts";
import { checkPassword } from "./check-password.ts";
import { issueSession } from "./issue-session.ts";
import { enforceLoginLimits } from "./login-limits.ts";
import { passwordHashingOf } from "./password-hashing.ts";

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
  const hashing = passwordHashingOf(deps.config.auth.passwordHashing);
  const [user] = await db.select().from(users).where(sql`lower(${users.email}) = ${email}`).limit(1);
  const check = await checkPassword(hashing, user?.passwordHash, password);
  if (!user || !check.matches) throw unauthorized(INVALID);
  if (check.rehash) {
    // Parameters were raised, or the hash predates NFC; the plaintext is only here now.
    await db
      .update(users)
      .set({ passwordHash: await hashing.hash(check.nfc) })
      .where(eq(users.id, user.id));
  }
  return issueSession(db, deps.config.auth, { id: user.id, email: user.email });
};
