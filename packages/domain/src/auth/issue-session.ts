import { randomUUID } from "node:crypto";
import { type DbOrTx, refreshTokens } from "@fincoach/db";
import { sql } from "drizzle-orm";
import { signAccessToken } from "./access-token.ts";
import type { AuthSession, AuthUser } from "./auth-schemas.ts";
import { hashToken, newOpaqueToken, REFRESH_PREFIX } from "./token-hash.ts";

/** What issuing tokens needs: the access-token key and lifetimes. */
export type AuthTokenSettings = { jwtSecret: string; accessTokenTtlSeconds: number; refreshTokenTtlDays: number };

/**
 * Signs an access token and stores a new refresh token (its hash only) in `familyId`; a
 * login starts a new family, a refresh continues the presented token's. Expiry uses the
 * database clock, like every check against it.
 */
export const issueSession = async (
  db: DbOrTx,
  auth: AuthTokenSettings,
  user: AuthUser,
  familyId: string = randomUUID(),
): Promise<AuthSession> => {
  const refreshToken = newOpaqueToken(REFRESH_PREFIX);
  await db.insert(refreshTokens).values({
    userId: user.id,
    familyId,
    tokenHash: hashToken(refreshToken),
    expiresAt: sql`now() + make_interval(days => ${auth.refreshTokenTtlDays})`,
  });
  const accessToken = await signAccessToken(auth.jwtSecret, user.id, auth.accessTokenTtlSeconds);
  return { user: { id: user.id, email: user.email }, accessToken, refreshToken };
};
