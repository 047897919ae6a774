import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { accounts, users } from "@fincoach/db";
import { isAppError } from "@fincoach/errors";
import { createTestDatabase, type TestDatabase } from "@fincoach/testing";
import fc from "fast-check";
import { importStatement } from "./import-statement.ts";

// Malformed statements of every format, as a person's files really break: cut short, bytes
// flipped, amounts mangled, records duplicated, encodings mixed. Each goes through the import
// use case on a real database (the same function the API and the workers call). Whatever the
// input: no crash (only VALIDATION, naming where and what), no partial write (a refused file
// leaves neither rows nor an import record), and a completed import accounts for every record.

const STATEMENTS = join(import.meta.dirname, "..", "..", "..", "..", "testdata", "statements");

/** A real file per format (two OFX dialects), and the currency of the account it goes into. */
const BASES = [
  { format: "csv", path: "csv-csv2ofx/test/default.csv", currency: "USD" },
  { format: "ofx (SGML)", path: "ofx-ofxparse/checking.ofx", currency: "USD" },
  { format: "ofx (XML)", path: "ofx-ofx-js/example-xml.qfx", currency: "USD" },
  { format: "qif", path: "qif-quiffen/test.qif", currency: "USD" },
  { format: "camt", path: "camt-genkgo/camt053.v2.minimal.xml", currency: "EUR" },
  { format: "mt940", path: "mt940-wolph/betterplace/sepa_mt9401.sta", currency: "EUR" },
] as const;
const RUNS_PER_BASE = Math.ceil(10_000 / BASES.length);

/** What banks and spreadsheets put where an amount should be, and what breaks parsers. */
const JUNK_AMOUNTS = [
  "1E3",
  "-1E3",
  "2E-2",
  "0x10",
  "1O.00",
  "12abc",
  "1.2.3",
  "",
  "-",
  "1,234",
  "1.234",
  "(5)",
  "99999999999999999999",
  "0.001",
  "1,00,000.00",
  "١٢٣",
  "NaN",
  "Infinity",
  "1 2",
  "++1",
  "--1",
  "1.",
  ".5",
  "€",
];
/** Byte runs that mix encodings: Latin-1 é, UTF-8 é, BOMs, NUL, an encoded lone surrogate, a stray continuation byte. */
const ODD_BYTES = [[0xe9], [0xc3, 0xa9], [0xef, 0xbb, 0xbf], [0xff, 0xfe], [0x00], [0xed, 0xa0, 0x80], [0x80], [0x0d]];

const mutation = fc.oneof(
  fc.record({ kind: fc.constant("truncate" as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({
    kind: fc.constant("flip" as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    byte: fc.integer({ min: 0, max: 255 }),
  }),
  fc.record({ kind: fc.constant("amount" as const), nth: fc.nat(), junk: fc.constantFrom(...JUNK_AMOUNTS) }),
  fc.record({ kind: fc.constant("duplicate" as const), line: fc.nat(), lines: fc.integer({ min: 1, max: 12 }) }),
  fc.record({
    kind: fc.constant("bytes" as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    bytes: fc.constantFrom(...ODD_BYTES),
  }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

const NUMBER = /[-+]?\d+(?:[.,]\d+)+|[-+]?\d{2,}/g;

const apply = (input: Buffer, m: Mutation): Buffer => {
  const pos = (at: number) => Math.floor(at * input.length);
  switch (m.kind) {
    case "truncate":
      return input.subarray(0, pos(m.at));
    case "flip": {
      const out = Buffer.from(input);
      if (out.length > 0) out[Math.min(pos(m.at), out.length - 1)] = m.byte;
      return out;
    }
    case "amount": {
      // latin1 maps bytes one to one, so the edit keeps every other byte as it was.
      const text = input.toString("latin1");
      const found = [...text.matchAll(NUMBER)];
      if (found.length === 0) return input;
      const hit = found[m.nth % found.length]!;
      return Buffer.from(text.slice(0, hit.index) + m.junk + text.slice(hit.index + hit[0].length), "latin1");
    }
    case "duplicate": {
      const lines = input.toString("latin1").split("\n");
      const start = m.line % lines.length;
      const copy = lines.slice(start, start + m.lines);
      lines.splice(start + copy.length, 0, ...copy);
      return Buffer.from(lines.join("\n"), "latin1");
    }
    case "bytes":
      return Buffer.concat([input.subarray(0, pos(m.at)), Buffer.from(m.bytes), input.subarray(pos(m.at))]);
  }
};

let database: TestDatabase;
before(async () => {
  database = await createTestDatabase();
});
after(() => database.drop());

const counts = async (userId: string) => {
  const [row] = await database.sql<{ rows: number; imports: number }[]>`
    select (select count(*)::int from transactions where user_id = ${userId}) as rows,
           (select count(*)::int from imports where user_id = ${userId}) as imports`;
  return row!;
};

describe(`import fuzzing: ${RUNS_PER_BASE * BASES.length} malformed statements`, () => {
  for (const [i, base] of BASES.entries()) {
    test(`${base.format}: ${RUNS_PER_BASE} mutations of ${base.path}`, async () => {
      const original = readFileSync(join(STATEMENTS, base.path));
      const [user] = await database.db
        .insert(users)
        .values({ email: `fuzz-${i}@example.com`, passwordHash: "x" })
        .returning();
      const [account] = await database.db
        .insert(accounts)
        .values({ userId: user!.id, name: base.format, type: "checking", currency: base.currency })
        .returning();
      const ctx = { db: database.db, userId: user!.id };
      const outcomes = { completed: 0, refused: 0 };
      await fc.assert(
        fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 4 }), async (mutations) => {
          const content = mutations.reduce(apply, original);
          const before = await counts(user!.id);
          try {
            const r = await importStatement({
              ctx,
              input: { accountId: account!.id, filename: base.path.split("/").pop()! },
              content,
            });
            const after = await counts(user!.id);
            assert.equal(r.inserted + r.duplicates + r.skipped, r.seen, "every record accounted for");
            assert.deepEqual([after.rows - before.rows, after.imports - before.imports], [r.inserted, 1]);
            outcomes.completed++;
          } catch (e) {
            if (!isAppError(e) || e.code !== "VALIDATION") throw e; // a crash: a 500 over HTTP
            assert.ok(e.issues.length > 0, `a refusal names where: ${e.message}`);
            for (const issue of e.issues) assert.ok(issue.path.trim() && issue.message.trim(), e.message);
            assert.deepEqual(await counts(user!.id), before, "a refused file writes nothing");
            outcomes.refused++;
          }
        }),
        { numRuns: RUNS_PER_BASE, seed: 20261201 + i, endOnFailure: true },
      );
      // Both outcomes occur, or the mutations are not exercising what they claim to.
      assert.ok(outcomes.completed > 0 && outcomes.refused > 0, JSON.stringify(outcomes));
    });
  }
});
