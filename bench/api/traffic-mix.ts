import type { BenchAccount, BenchUser } from "./bench-users.ts";

/**
 * What one simulated request does. Both sides of the benchmark consume the same ops: the
 * HTTP side sends them to the API (http-requests.ts), the database floor issues the SQL the
 * API would issue for them (floor-statements.ts).
 */
export type ListFilters = { accountId?: string; categoryId?: string; from?: string; to?: string; q?: string };
export type Op =
  | { kind: "list"; user: number; filters: ListFilters; cursor?: string }
  | { kind: "create"; user: number; account: BenchAccount; body: CreateBody }
  | { kind: "patch"; user: number; transactionId: string; patch: { categoryId: string; notes: string } }
  | { kind: "import"; user: number; account: BenchAccount; filename: string; rows: CsvRow[] };

/** A `POST /v1/transactions` body: a real descriptor, an amount in the account's currency. */
export type CreateBody = { accountId: string; date: string; amount: string; description: string };
/** One line of a small CSV statement (`Date,Description,Amount`). */
export type CsvRow = { date: string; description: string; amount: string };

/** The kinds of request a mix is made of, and their weights (any scale). */
export type Mix = Partial<Record<OpChoice, number>>;
export type OpChoice =
  | "firstPage"
  | "nextPage"
  | "byAccount"
  | "byCategory"
  | "byDateRange"
  | "bySearch"
  | "create"
  | "patch"
  | "import";

/**
 * (a) The list as people use it: most open their newest page; a quarter continue to the
 * next page of something they just saw (same filters, the cursor the API gave); the rest
 * narrow it down by account, category, a calendar month, or a search word.
 */
export const LIST_MIX = {
  firstPage: 40,
  nextPage: 25,
  byAccount: 10,
  byCategory: 10,
  byDateRange: 10,
  bySearch: 5,
} as const satisfies Mix;

/** (b) 80 % the list's reads (in LIST_MIX's proportions), 20 % writes: creates, patches, small imports. */
export const MIXED_MIX = {
  ...Object.fromEntries(Object.entries(LIST_MIX).map(([k, w]) => [k, (w * 80) / 100])),
  create: 10,
  patch: 6,
  import: 4,
} as Mix;

/** (c) `POST /v1/transactions` alone. */
export const POST_MIX = { create: 100 } as const satisfies Mix;

/** Something a request's answer revealed that later requests can use. */
export type Seen = { user: number; filters: ListFilters; nextCursor: string | null; transactionIds: string[] };

export type MixOptions = {
  users: readonly BenchUser[];
  mix: Mix;
  /** Real descriptors and amounts (minor units, positive = spent) for creates and imports. */
  descriptions: ReadonlyArray<{ description: string; amountMinor: bigint }>;
  /** Words people search for (`q`): taken from the real descriptors. */
  searchTerms: readonly string[];
  /** Today (YYYY-MM-DD): dates and months are picked relative to it. */
  today: string;
  /** Uniform in [0, 1): Math.random in runs, a seeded one in tests. */
  random?: () => number;
  /** Most cursors and transaction ids remembered; the oldest random one is replaced beyond. */
  memory?: number;
};

const DAY_MS = 86_400_000;
const addDays = (iso: string, days: number) => new Date(Date.parse(iso) + days * DAY_MS).toISOString().slice(0, 10);

/** "-12.34" from minor units with two decimals (the seed's currencies, EUR, GBP, USD, all have two). */
const decimal = (minor: bigint): string => {
  const abs = minor < 0n ? -minor : minor;
  const text = `${abs / 100n}.${String(abs % 100n).padStart(2, "0")}`;
  return minor < 0n ? `-${text}` : text;
};

/** A bounded bag: take a random item out, put one in (replacing a random one when full). */
const bag = <T>(max: number, random: () => number) => {
  const items: T[] = [];
  return {
    put: (x: T): void => {
      if (items.length < max) items.push(x);
      else items[Math.floor(random() * max)] = x;
    },
    take: (): T | undefined => {
      if (items.length === 0) return undefined;
      const i = Math.floor(random() * items.length);
      const x = items[i]!;
      items[i] = items.at(-1)!;
      items.pop();
      return x;
    },
    get size() {
      return items.length;
    },
  };
};

/**
 * The request stream of a scenario: each call to `next` draws a kind by `mix`'s weights and
 * a person uniformly at random (not in step: concurrent connections hit different people,
 * sometimes the same one). Follow-up pages and patches need what earlier answers revealed
 * (`saw`): without a remembered cursor a follow-up is a first page, without a known
 * transaction a patch is a create.
 */
export const createTrafficMix = (opts: MixOptions) => {
  const random = opts.random ?? Math.random;
  const memory = opts.memory ?? 4_096;
  const cursors = bag<{ user: number; filters: ListFilters; cursor: string }>(memory, random);
  const known = bag<{ user: number; id: string }>(memory, random);
  const choices = Object.entries(opts.mix).filter(([, w]) => w && w > 0) as [OpChoice, number][];
  const total = choices.reduce((a, [, w]) => a + w, 0);
  if (total <= 0) throw new Error("a traffic mix needs at least one positive weight");
  const pickIn = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const choose = (): OpChoice => {
    let r = random() * total;
    for (const [c, w] of choices) {
      r -= w;
      if (r < 0) return c;
    }
    return choices.at(-1)![0];
  };
  let serial = 0;

  const list = (user: number, filters: ListFilters = {}): Op => ({ kind: "list", user, filters });
  const month = (): ListFilters => {
    const d = new Date(Date.parse(opts.today));
    const first = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - Math.floor(random() * 36), 1));
    const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0));
    return { from: first.toISOString().slice(0, 10), to: last.toISOString().slice(0, 10) };
  };
  const create = (user: number): Op => {
    const u = opts.users[user]!;
    const d = pickIn(opts.descriptions);
    const body = {
      accountId: u.accountId,
      date: addDays(opts.today, -Math.floor(random() * 30)),
      amount: decimal(-d.amountMinor),
      description: d.description,
    };
    return { kind: "create", user, account: u.accounts[0]!, body };
  };
  const importOp = (user: number): Op => {
    const u = opts.users[user]!;
    const rows = Array.from({ length: 3 + Math.floor(random() * 3) }, () => {
      const d = pickIn(opts.descriptions);
      // A few random cents make each line a new one (CSV lines without an id are deduplicated by content).
      const minor = -d.amountMinor - BigInt(Math.floor(random() * 100));
      return {
        date: addDays(opts.today, -Math.floor(random() * 7)),
        description: d.description,
        amount: decimal(minor),
      };
    });
    return { kind: "import", user, account: pickIn(u.accounts), filename: `statement-${++serial}.csv`, rows };
  };

  const build: Record<OpChoice, (user: number) => Op> = {
    firstPage: (user) => list(user),
    nextPage: (user) => {
      const c = cursors.take();
      return c ? { kind: "list", user: c.user, filters: c.filters, cursor: c.cursor } : list(user);
    },
    byAccount: (user) => list(user, { accountId: pickIn(opts.users[user]!.accounts).id }),
    byCategory: (user) => list(user, { categoryId: pickIn(opts.users[user]!.categoryIds) }),
    byDateRange: (user) => list(user, month()),
    bySearch: (user) => list(user, { q: pickIn(opts.searchTerms) }),
    create,
    patch: (user) => {
      const t = known.take();
      if (!t) return create(user);
      const categoryId = pickIn(opts.users[t.user]!.categoryIds);
      return { kind: "patch", user: t.user, transactionId: t.id, patch: { categoryId, notes: `checked ${++serial}` } };
    },
    import: importOp,
  };

  return {
    next: (): Op => build[choose()](Math.floor(random() * opts.users.length)),
    /** What an answer revealed: the next page's cursor, and transaction ids a later patch may edit. */
    saw: (s: Seen): void => {
      if (s.nextCursor) cursors.put({ user: s.user, filters: s.filters, cursor: s.nextCursor });
      for (const id of s.transactionIds) known.put({ user: s.user, id });
    },
    get remembered() {
      return { cursors: cursors.size, transactions: known.size };
    },
  };
};
export type TrafficMix = ReturnType<typeof createTrafficMix>;

/** Search words people would type: the first word (3+ letters) of real descriptors, distinct. */
export const searchTermsOf = (descriptions: ReadonlyArray<{ description: string }>): string[] => [
  ...new Set(descriptions.flatMap((d) => /[A-Za-z]{3,}/.exec(d.description)?.[0]?.toLowerCase() ?? [])),
];
