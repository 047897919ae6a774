import { type Db, users } from "@fincoach/db";
import { unauthorized } from "@fincoach/errors";
import { eq, sql } from "drizzle-orm";
import { type AuthSession, LoginBody } from "./auth-schemas.ts";
import { checkPassword } from "./check-password.ts";
import { type AuthTokenSettings, issueSession } from "./issue-session.ts";
import type { PasswordHashing } from "./password.ts";

/** One message for unknown email and wrong password, so a login can't probe for accounts. */
const INVALID = "invalid email or password";

/**
 * Checks the credentials and starts a new refresh-token family. Rate limits are the
 * caller's, before this (so a flood costs no hashing).
 */
export const loginUser = async ({
  db,
  auth,
  hashing,
  input,
}: {
  db: Db;
  auth: AuthTokenSettings;
  hashing: PasswordHashing;
  input: LoginBody;
}): Promise<AuthSession> => {
  const { email, password } = LoginBody.parse(input);
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
  return issueSession(db, auth, { id: user.id, email: user.email });
};
