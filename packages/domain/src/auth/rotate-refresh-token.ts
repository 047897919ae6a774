import { type Db, refreshTokens, users } from "@fincoach/db";
import { unauthorized } from "@fincoach/errors";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import type { AuthSession } from "./auth-schemas.ts";
import { type AuthTokenSettings, issueSession } from "./issue-session.ts";
import { revokeRefreshFamily } from "./revoke-refresh-family.ts";
import { hashToken } from "./token-hash.ts";

/**
 * Exchanges a live refresh token for a new pair in the same family, revoking it. The
 * revoke is a conditional UPDATE (`revoked_at IS NULL … RETURNING`), so of two racing
 * requests only one sees the row; the other waits on the row lock, finds it revoked, and
 * is treated as reuse. Revoke and successor commit together, so a reuse that follows
 * always sees (and kills) the successor.
 */
export const rotateRefreshToken = async (db: Db, auth: AuthTokenSettings, token: string): Promise<AuthSession> => {
  const tokenHash = hashToken(token);
  const session = await db.transaction(async (tx) => {
    const [old] = await tx
      .update(refreshTokens)
      .set({ revokedAt: sql`now()` })
      .where(
        and(
          eq(refreshTokens.tokenHash, tokenHash),
          isNull(refreshTokens.revokedAt),
          gt(refreshTokens.expiresAt, sql`now()`),
        ),
      )
      .returning({ userId: refreshTokens.userId, familyId: refreshTokens.familyId });
    if (!old) return undefined;
    const [user] = await tx.select({ id: users.id, email: users.email }).from(users).where(eq(users.id, old.userId));
    return issueSession(tx, auth, user!, old.familyId);
  });
  if (session) return session;
  // A revoked token presented again means a copy is in someone else's hands: end the family.
  // Outside the transaction above, so the revoke persists although we answer 401.
  await revokeRefreshFamily(db, token, { onlyIfRevoked: true });
  throw unauthorized("invalid, expired or revoked refresh token");
};
