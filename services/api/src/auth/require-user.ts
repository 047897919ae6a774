import { personalAccessTokens } from "@fincoach/db";
import { unauthorized } from "@fincoach/errors";
import { and, eq, gt, isNull, or, sql } from "drizzle-orm";
import type { MiddlewareHandler } from "hono";
import type { ApiContext } from "../api-context.ts";
import type { AccessTokenVerifier } from "./access-token-verifier.ts";
import { hashToken, PAT_PREFIX } from "./token-hash.ts";

/** The token of an `Authorization: Bearer <token>` header, if it is one. */
export const bearerToken = (header: string | undefined): string | undefined =>
  /^Bearer\s+(\S+)$/i.exec(header ?? "")?.[1];

/**
 * Authenticates `Authorization: Bearer <token>`: a JWT access token, or a personal access
 * token (`fcp_…`) looked up by hash. Sets `userId` for the handlers; 401 otherwise.
 */
export const requireUser =
  (accessTokens: AccessTokenVerifier): MiddlewareHandler<ApiContext> =>
  async (c, next) => {
    const token = bearerToken(c.req.header("authorization"));
    if (!token) throw unauthorized("missing bearer token");
    if (token.startsWith(PAT_PREFIX)) {
      const { db } = c.get("deps").database;
      const [row] = await db
        .update(personalAccessTokens)
        .set({ lastUsedAt: sql`now()` })
        .where(
          and(
            eq(personalAccessTokens.tokenHash, hashToken(token)),
            or(isNull(personalAccessTokens.expiresAt), gt(personalAccessTokens.expiresAt, sql`now()`)),
          ),
        )
        .returning({ userId: personalAccessTokens.userId });
      if (!row) throw unauthorized("invalid or expired personal access token");
      c.set("userId", row.userId);
    } else {
      c.set("userId", await accessTokens.verify(token));
    }
    await next();
  };
