import { personalAccessTokens } from "@fincoach/db";
import { hashToken, PAT_PREFIX } from "@fincoach/domain";
import { unauthorized } from "@fincoach/errors";
import { and, eq, gt, isNull, lt, or, sql } from "drizzle-orm";
import type { MiddlewareHandler } from "hono";
import type { ApiContext, ApiDeps } from "../api-context.ts";
import type { AccessTokenVerifier } from "./access-token-verifier.ts";
import { liveUsersOf } from "./live-users-of.ts";

/** The token of an `Authorization: Bearer <token>` header, if it is one. */
export const bearerToken = (header: string | undefined): string | undefined =>
  /^Bearer\s+(\S+)$/i.exec(header ?? "")?.[1];

/** Our user ids as Postgres prints a uuid; anything else would fail the uuid cast (a 500). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The person of a personal access token. `last_used_at` is written at most once a minute
 * per token: a read, and a conditional UPDATE only when the stored time is older, so a
 * script's every call doesn't cost a row write (and its WAL).
 */
const personalAccessTokenUser = async (deps: ApiDeps, token: string): Promise<string> => {
  const { db } = deps.database;
  const [row] = await db
    .select({
      id: personalAccessTokens.id,
      userId: personalAccessTokens.userId,
      fresh: sql<boolean | null>`${personalAccessTokens.lastUsedAt} >= now() - interval '1 minute'`,
    })
    .from(personalAccessTokens)
    .where(
      and(
        eq(personalAccessTokens.tokenHash, hashToken(token)),
        or(isNull(personalAccessTokens.expiresAt), gt(personalAccessTokens.expiresAt, sql`now()`)),
      ),
    );
  if (!row) throw unauthorized("invalid or expired personal access token");
  if (!row.fresh) {
    // Conditional again: of concurrent requests that all read a stale time, one writes.
    await db
      .update(personalAccessTokens)
      .set({ lastUsedAt: sql`now()` })
      .where(
        and(
          eq(personalAccessTokens.id, row.id),
          or(
            isNull(personalAccessTokens.lastUsedAt),
            lt(personalAccessTokens.lastUsedAt, sql`now() - interval '1 minute'`),
          ),
        ),
      );
  }
  return row.userId;
};

/**
 * The person of a JWT access token: signature and expiry (remembered by the verifier),
 * a subject that is a user id, and a person that still exists (remembered for
 * `AUTH_USER_RECHECK_SECONDS`; see live-users.ts). Every failure is the same kind of 401.
 */
const accessTokenUser = async (deps: ApiDeps, accessTokens: AccessTokenVerifier, token: string): Promise<string> => {
  const userId = await accessTokens.verify(token);
  if (!UUID.test(userId)) throw unauthorized("invalid or expired access token");
  if (!(await liveUsersOf(deps).confirm(userId))) throw unauthorized("this account no longer exists");
  return userId;
};

/**
 * Authenticates `Authorization: Bearer <token>`: a JWT access token, or a personal access
 * token (`fcp_…`) looked up by hash (deleting the person deletes it, by cascade). Sets
 * `userId` for the handlers; 401 otherwise.
 */
export const requireUser =
  (accessTokens: AccessTokenVerifier): MiddlewareHandler<ApiContext> =>
  async (c, next) => {
    const token = bearerToken(c.req.header("authorization"));
    if (!token) throw unauthorized("missing bearer token");
    const deps = c.get("deps");
    c.set(
      "userId",
      token.startsWith(PAT_PREFIX)
        ? await personalAccessTokenUser(deps, token)
        : await accessTokenUser(deps, accessTokens, token),
    );
    await next();
  };
