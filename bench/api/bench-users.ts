import { createDatabase } from "@fincoach/db";
import { signAccessToken } from "@fincoach/domain";

/** One of a person's accounts, as the load generator needs it: where to post, in which currency. */
export type BenchAccount = { id: string; currency: string };

/**
 * A seeded person as the load generator sees them: who, their accounts (the first is the
 * one POST uses), the expense categories their transactions carry, and an access token.
 */
export type BenchUser = {
  userId: string;
  accountId: string;
  currency: string;
  accounts: BenchAccount[];
  categoryIds: string[];
  token: string;
};

type Row = { userId: string; accounts: BenchAccount[]; categoryIds: string[] };

/**
 * Every seeded person with their accounts, categories and an access token signed with the
 * server's JWT_SECRET, exactly as the login endpoint would sign it.
 */
export const mintBenchUsers = async (url: string, jwtSecret: string, ttlSeconds: number): Promise<BenchUser[]> => {
  const { sql, close } = createDatabase(url, { max: 1 });
  try {
    // The categories the seed hands out (expense subcategories), so a category filter finds rows.
    const rows = await sql<Row[]>`
      select u.id as "userId",
        (select json_agg(json_build_object('id', a.id, 'currency', a.currency) order by a.type)
           from accounts a where a.user_id = u.id) as accounts,
        (select coalesce(json_agg(c.id order by c.name), '[]')
           from categories c where c.user_id = u.id and c.parent_id is not null and c.kind = 'expense') as "categoryIds"
      from users u
      where u.email like 'bench-%'
      order by u.email`;
    return Promise.all(
      rows.map(async (r) => ({
        userId: r.userId,
        accountId: r.accounts[0]!.id,
        currency: r.accounts[0]!.currency,
        accounts: r.accounts,
        categoryIds: r.categoryIds,
        token: await signAccessToken(jwtSecret, r.userId, ttlSeconds),
      })),
    );
  } finally {
    await close();
  }
};
