import { type Db, users } from "@fincoach/db";
import { conflict } from "@fincoach/errors";
import { seedDefaultCategories } from "../categories/seed-default-categories.ts";
import { type AuthSession, RegisterBody } from "./auth-schemas.ts";
import { type AuthTokenSettings, issueSession } from "./issue-session.ts";
import type { PasswordHashing } from "./password.ts";

/**
 * Creates the account, its default categories and its first session in one transaction:
 * either the person can log in with everything set up, or nothing was written. The
 * password (NFC, by the schema) is hashed before the transaction opens so no connection
 * waits on argon2. Rate limits are the caller's, before this (a flood costs no hashing).
 */
export const registerUser = async ({
  db,
  auth,
  hashing,
  input,
}: {
  db: Db;
  auth: AuthTokenSettings;
  hashing: PasswordHashing;
  input: RegisterBody;
}): Promise<AuthSession> => {
  const { email, password } = RegisterBody.parse(input);
  const passwordHash = await hashing.hash(password);
  return db.transaction(async (tx) => {
    // The unique index on lower(email) decides, so two concurrent sign-ups can't both win.
    const [user] = await tx
      .insert(users)
      .values({ email, passwordHash })
      .onConflictDoNothing()
      .returning({ id: users.id, email: users.email });
    if (!user) throw conflict("an account with this email already exists");
    await seedDefaultCategories(tx, user.id);
    return issueSession(tx, auth, user);
  });
};
