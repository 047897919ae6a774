import { createDatabase } from "@fincoach/db";
import { signAccessToken } from "../../services/api/src/auth/access-token.ts";

/** A seeded person as the load generator sees them: who, which account to post to, a token. */
export type BenchUser = { userId: string; accountId: string; currency: string; token: string };

/**
 * Every seeded person with their first account and an access token signed with the
 * server's JWT_SECRET, exactly as the login endpoint would sign it.
 */
export const mintBenchUsers = async (url: string, jwtSecret: string, ttlSeconds: number): Promise<BenchUser[]> => {
  const { sql, close } = createDatabase(url, { max: 1 });
  try {
    const rows = await sql<{ userId: string; accountId: string; currency: string }[]>`
      select u.id as "userId", a.id as "accountId", a.currency
      from users u cross join lateral (
        select id, currency from accounts where user_id = u.id order by type limit 1
      ) a
      where u.email like 'bench-%'
      order by u.email`;
    return Promise.all(
      rows.map(async (r) => ({ ...r, token: await signAccessToken(jwtSecret, r.userId, ttlSeconds) })),
    );
  } finally {
    await close();
  }
};
