import { type Db, refreshTokens } from "@fincoach/db";
import { and, eq, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import { hashToken } from "./token-hash.ts";

/**
 * Revokes every live token in the family of `token` (logout, or reuse detection with
 * `onlyIfRevoked`: act only when the presented token was already revoked). One statement,
 * so it sees every successor committed before it. An unknown token changes nothing.
 */
export const revokeRefreshFamily = async (db: Db, token: string, { onlyIfRevoked = false } = {}): Promise<void> => {
  const family = db
    .select({ familyId: refreshTokens.familyId })
    .from(refreshTokens)
    .where(
      and(
        eq(refreshTokens.tokenHash, hashToken(token)),
        onlyIfRevoked ? isNotNull(refreshTokens.revokedAt) : undefined,
      ),
    );
  await db
    .update(refreshTokens)
    .set({ revokedAt: sql`now()` })
    .where(and(isNull(refreshTokens.revokedAt), inArray(refreshTokens.familyId, family)));
};
