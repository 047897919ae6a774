import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { BenchUser } from "./bench-users.ts";
import { createTrafficMix, LIST_MIX, MIXED_MIX, type Mix, type Op, searchTermsOf } from "./traffic-mix.ts";

/** A small seeded generator (mulberry32), so a failing draw can be replayed. */
const seeded = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
  return ((x ^ (x >>> 14)) >>> 0) / 2 ** 32;
};

const users: BenchUser[] = Array.from({ length: 100 }, (_, i) => ({
  userId: `user-${i}`,
  accountId: `acc-${i}-a`,
  currency: "EUR",
  accounts: [
    { id: `acc-${i}-a`, currency: "EUR" },
    { id: `acc-${i}-b`, currency: "EUR" },
  ],
  categoryIds: [`cat-${i}-1`, `cat-${i}-2`],
  token: `t${i}`,
}));
const descriptions = [
  { description: "TESCO STORES 3217", amountMinor: 1234n },
  { description: "AMAZON EU", amountMinor: 799n },
];
const mixOf = (mix: Mix, seed = 1) =>
  createTrafficMix({
    users,
    mix,
    descriptions,
    searchTerms: searchTermsOf(descriptions),
    today: "2026-11-30",
    random: seeded(seed),
  });

/** Which LIST_MIX choice a list op came from. */
const choiceOf = (op: Op & { kind: "list" }) =>
  op.cursor
    ? "nextPage"
    : op.filters.accountId
      ? "byAccount"
      : op.filters.categoryId
        ? "byCategory"
        : op.filters.from
          ? "byDateRange"
          : op.filters.q
            ? "bySearch"
            : "firstPage";

describe("traffic mix", () => {
  test("draws each kind in its stated share, follow-up pages from the cursors answers carried", () => {
    const mix = mixOf(LIST_MIX);
    const counts = new Map<string, number>();
    const n = 20_000;
    for (let i = 0; i < n; i++) {
      const op = mix.next();
      assert.equal(op.kind, "list");
      if (op.kind !== "list") continue;
      const c = choiceOf(op);
      counts.set(c, (counts.get(c) ?? 0) + 1);
      // Every answer reveals a next page, so follow-ups never run out of cursors.
      mix.saw({ user: op.user, filters: op.filters, nextCursor: `cursor-${i}`, transactionIds: [] });
    }
    for (const [choice, weight] of Object.entries(LIST_MIX)) {
      const share = (counts.get(choice) ?? 0) / n;
      assert.ok(Math.abs(share - weight / 100) < 0.015, `${choice}: ${share} against ${weight / 100}`);
    }
  });

  test("a follow-up page is the same person's, with the filters of the page it continues", () => {
    const mix = mixOf({ nextPage: 1 });
    const first = mix.next();
    assert.ok(first.kind === "list" && !first.cursor, "without a cursor seen, a follow-up is a first page");
    mix.saw({ user: 7, filters: { q: "tesco" }, nextCursor: "abc", transactionIds: [] });
    assert.deepEqual(mix.next(), { kind: "list", user: 7, filters: { q: "tesco" }, cursor: "abc" });
    assert.equal(mix.remembered.cursors, 0, "a cursor is followed once");
  });

  test("filters use the person's own accounts and categories, whole months within three years", () => {
    const mix = mixOf({ byAccount: 1, byCategory: 1, byDateRange: 1 }, 3);
    for (let i = 0; i < 2_000; i++) {
      const op = mix.next();
      assert.equal(op.kind, "list");
      if (op.kind !== "list") continue;
      const u = users[op.user]!;
      const { accountId, categoryId, from, to } = op.filters;
      if (accountId) assert.ok(u.accounts.some((a) => a.id === accountId));
      if (categoryId) assert.ok(u.categoryIds.includes(categoryId));
      if (from) {
        assert.match(from, /^\d{4}-\d{2}-01$/);
        assert.ok(from >= "2023-12-01" && from <= "2026-11-01", from);
        assert.equal(new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000).getUTCDate(), 1, `${to} ends its month`);
      }
    }
  });

  test("people are drawn at random, not in step", () => {
    const mix = mixOf({ firstPage: 1 }, 5);
    const drawn = Array.from({ length: 1_000 }, () => mix.next().user);
    assert.ok(new Set(drawn).size > 90, "nearly everyone is drawn");
    const inStep = drawn.filter((u, i) => i > 0 && u === (drawn[i - 1]! + 1) % users.length).length;
    assert.ok(inStep < 50, `${inStep} draws followed the previous one in order`);
  });

  test("the mixed workload: 80 % reads, 20 % writes; patches edit transactions answers revealed", () => {
    const mix = mixOf(MIXED_MIX, 9);
    const kinds = new Map<string, number>();
    const n = 20_000;
    for (let i = 0; i < n; i++) {
      const op = mix.next();
      kinds.set(op.kind, (kinds.get(op.kind) ?? 0) + 1);
      if (op.kind === "patch") {
        assert.ok(op.transactionId.startsWith(`tx-${op.user}-`), "the patch is by the person who saw the row");
        assert.ok(users[op.user]!.categoryIds.includes(op.patch.categoryId));
      }
      if (op.kind === "create") {
        assert.match(op.body.amount, /^-?\d+\.\d{2}$/);
        assert.ok(op.body.date <= "2026-11-30" && op.body.date >= "2026-11-01");
      }
      if (op.kind === "import") {
        assert.ok(op.rows.length >= 3 && op.rows.length <= 5);
        assert.ok(users[op.user]!.accounts.includes(op.account));
      }
      mix.saw({ user: op.user, filters: {}, nextCursor: null, transactionIds: [`tx-${op.user}-${i}`] });
    }
    const share = (k: string) => (kinds.get(k) ?? 0) / n;
    assert.ok(Math.abs(share("list") - 0.8) < 0.015, `reads ${share("list")}`);
    assert.ok(Math.abs(share("create") - 0.1) < 0.01, `creates ${share("create")}`);
    assert.ok(Math.abs(share("patch") - 0.06) < 0.01, `patches ${share("patch")}`);
    assert.ok(Math.abs(share("import") - 0.04) < 0.01, `imports ${share("import")}`);
  });

  test("a mix with no positive weight is refused", () => {
    assert.throws(() => mixOf({ create: 0 }), /at least one positive weight/);
  });
});
