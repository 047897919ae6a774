import { createDatabase, migrateDatabase } from "@fincoach/db";
import { DEFAULT_TAXONOMY } from "@fincoach/domain";
import { benchDatabaseUrl, databaseExists, recreateDatabase } from "../shared/bench-database.ts";
import { loadRealDescriptions } from "../shared/real-descriptions.ts";
import { timed } from "../shared/timing.ts";

export type SeedSize = { users: number; transactions: number; descriptions: number; days: number };

/**
 * 1,000 people, 1,500 accounts, 1,000,000 transactions over three years (about one a day
 * each), descriptors drawn from every row of the real file (25,850 rows, 4,086 distinct).
 */
export const DEFAULT_SEED: SeedSize = { users: 1_000, transactions: 1_000_000, descriptions: 30_000, days: 1_096 };

/** A valid-looking argon2id hash nobody knows the password of: seeding never runs argon2. */
const DUMMY_PASSWORD_HASH =
  "$argon2id$v=19$m=19456,t=2,p=1$YmVuY2hzYWx0YmVuY2g$YmVuY2hoYXNoYmVuY2hoYXNoYmVuY2hoYXNoMDA";

/** The seeding transaction: every step runs on it, so temp tables and the seed commit together. */
type Sql = Parameters<Parameters<ReturnType<typeof createDatabase>["sql"]["begin"]>[1]>[0];

/** Users `bench-<n>@example.com`; every other one also has a credit card, so 1.5 accounts each. */
const seedPeople = async (sql: Sql, size: SeedSize) => {
  await sql`insert into users (email, password_hash)
    select format('bench-%s@example.com', g), ${DUMMY_PASSWORD_HASH} from generate_series(1, ${size.users}) g`;
  await sql`create temp table bench_users on commit drop as
    select id, substring(email from 'bench-([0-9]+)@')::int as n from users`;
  await sql`insert into accounts (user_id, name, type, currency, opening_balance_minor)
    select u.id, a.name, a.type, (array['EUR','EUR','EUR','GBP','USD'])[1 + u.n % 5], floor(random() * 500000)::bigint
    from bench_users u cross join (values ('Checking', 'checking'), ('Credit card', 'credit_card')) a(name, type)
    where a.type = 'checking' or u.n % 2 = 0`;
  await sql`create temp table bench_accounts on commit drop as
    select id, user_id, currency, row_number() over (order by user_id, type)::int as n from accounts`;
  await sql`create index on bench_accounts (n)`;
};

/** The default taxonomy for everyone, then a numbered list of each person's expense categories. */
const seedCategories = async (sql: Sql): Promise<number> => {
  // Passed as text and cast in SQL: postgres.js would otherwise bind the array as a text[].
  const taxonomy = JSON.stringify(DEFAULT_TAXONOMY);
  await sql`insert into categories (user_id, name, kind)
    select u.id, g.name, g.kind from bench_users u cross join jsonb_to_recordset(${taxonomy}::jsonb) g(name text, kind text)`;
  await sql`insert into categories (user_id, parent_id, name, kind)
    select p.user_id, p.id, c.name, p.kind
    from categories p join jsonb_to_recordset(${taxonomy}::jsonb) g(name text, children jsonb) on g.name = p.name
    cross join jsonb_array_elements_text(g.children) c(name)`;
  await sql`create temp table bench_categories on commit drop as
    select user_id, id, (row_number() over (partition by user_id order by name) - 1)::int as k
    from categories where parent_id is not null and kind = 'expense'`;
  await sql`create index on bench_categories (user_id, k)`;
  const [row] = await sql`select count(distinct k)::int as n from bench_categories`;
  return row!.n as number;
};

/** Real descriptors with their real amounts, numbered from 0 so a row can pick one by index. */
const loadDescriptions = async (sql: Sql, count: number): Promise<number> => {
  const rows = (await loadRealDescriptions(count)).map((r, n) => ({ n, d: r.description, a: String(r.amountMinor) }));
  await sql`create temp table bench_descs on commit drop as
    select n, d as description, a::bigint as amount_minor from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) x(n int, d text, a text)`;
  await sql`create index on bench_descs (n)`;
  return rows.length;
};

/**
 * One INSERT ... SELECT over generate_series: a random account and real descriptor per row,
 * the real amount scaled by 50-150 %, a uniform date in the last `days` days, and the same
 * category for the same descriptor (as a person's rules would give) on 80 % of rows.
 */
const seedTransactions = async (sql: Sql, size: SeedSize, descs: number, cats: number) => {
  const [accounts] = await sql`select count(*)::int as n from bench_accounts`;
  await sql`with s as materialized (
      select g, 1 + floor(random() * ${accounts!.n}::int)::int as an, floor(random() * ${descs}::int)::int as dn,
             floor(random() * ${size.days}::int)::int as age, random() as r
      from generate_series(1, ${size.transactions}::int) g
    )
    insert into transactions (user_id, account_id, date, amount_minor, currency, description, category_id, created_at, updated_at)
    select a.user_id, a.id, current_date - s.age,
           -(case when abs(d.amount_minor) < 100 then d.amount_minor else d.amount_minor * (50 + (s.r * 100)::int) / 100 end),
           a.currency, d.description, c.id,
           (current_date - s.age) + make_interval(secs => s.r * 86400), (current_date - s.age) + make_interval(secs => s.r * 86400)
    from s join bench_accounts a on a.n = s.an join bench_descs d on d.n = s.dn
    left join bench_categories c on c.user_id = a.user_id and c.k = d.n % ${cats}::int and s.r < 0.8`;
};

const seed = async (url: string, size: SeedSize): Promise<void> => {
  const { sql, close } = createDatabase(url, { max: 1 });
  try {
    await sql.begin(async (tx) => {
      // The rows reference what this transaction just inserted, so the 2M per-row FK trigger
      // checks can only pass; replica mode skips them.
      await tx`set local session_replication_role = replica`;
      await tx`select setseed(0.42)`;
      await seedPeople(tx, size);
      const cats = await seedCategories(tx);
      const descs = await loadDescriptions(tx, size.descriptions);
      await seedTransactions(tx, size, descs, cats);
    });
    // VACUUM too, not just ANALYZE: it sets hint bits and the visibility map now, so the
    // first benchmark reads don't pay for dirtying freshly loaded pages.
    await sql`vacuum (analyze)`;
  } finally {
    await close();
  }
};

const isSeeded = async (url: string, size: SeedSize): Promise<boolean> => {
  const { sql, close } = createDatabase(url, { max: 1 });
  try {
    const [row] = await sql`select (select count(*) from users where email like 'bench-%')::int as users,
      (select count(*) from transactions)::int as transactions`.catch(() => [{ users: 0, transactions: 0 }]);
    return row!.users === size.users && row!.transactions >= size.transactions;
  } finally {
    await close();
  }
};

export type SeedResult = { url: string; reused: boolean; seconds: { migrate: number; seed: number } };

/**
 * The benchmark database: recreated, migrated and seeded each run, or kept (and brought up
 * to the latest migration) when `reuse` is set and it already holds the seed.
 */
export const prepareBenchDatabase = async (name: string, size: SeedSize, reuse: boolean): Promise<SeedResult> => {
  const url = benchDatabaseUrl(name);
  if (reuse && (await databaseExists(name)) && (await isSeeded(url, size))) {
    const migrate = await timed(() => migrateDatabase(url));
    return { url, reused: true, seconds: { migrate: migrate.seconds, seed: 0 } };
  }
  await recreateDatabase(name);
  const migrate = await timed(() => migrateDatabase(url));
  const seeded = await timed(() => seed(url, size));
  return { url, reused: false, seconds: { migrate: migrate.seconds, seed: seeded.seconds } };
};
