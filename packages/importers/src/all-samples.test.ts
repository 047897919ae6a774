import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { isAppError } from "@fincoach/errors";
import fc from "fast-check";
import type { CsvMapping } from "./csv-mapping.ts";
import { isDateInRange } from "./dates/date-range.ts";
import { detectFormat } from "./detect-format.ts";
import { parseStatement } from "./parse-statement.ts";
import { listSamples, sample } from "./test-support/fixtures.ts";
import { generatedCamt, generatedMt940, generatedOfx } from "./test-support/generate-statements.ts";
import type { ImportFormat, ParsedStatement } from "./types.ts";

// Not statements, by rule: provenance notes, licences, and the expected outputs that the
// per-format tests compare against (camt-genkgo/*.json, mt940-wolph/**/*.yml).
const NOT_A_STATEMENT = [/(^|\/)SOURCE\.md$/, /(^|\/)LICENSE$/, /\.json$/, /\.yml$/];

/**
 * Files holding statements of several accounts, with how many: without a choice they fail
 * (VALIDATION on `statement`, listing them); each one, chosen by index, must parse on its own.
 */
// biome-ignore format: one file per line reads as a table
const SEVERAL_ACCOUNTS: Record<string, number> = {
  "csv-csv2ofx/converted/default.ofx": 2,
  "mt940-wolph/betterplace/sepa_mt9401.sta": 20,
  "mt940-wolph/betterplace/sepa_snippet.sta": 2,
  "mt940-wolph/betterplace/with_binary_character.sta": 2,
  "mt940-wolph/cmxl/mt940.sta": 3,
  "mt940-wolph/jejik/rabobank.sta": 2,
  "mt940-wolph/self-provided/raphaelm.sta": 2,
  "ofx-ofxparse/multiple_accounts.ofx": 2,
  "ofx-ofxparse/multiple_accounts2.ofx": 2,
};

/**
 * Files (or, with `statement`, one statement of a file) that must fail, each with the reason.
 * Everything else under statements/ must parse.
 */
// biome-ignore format: one file per line reads as a table
const MUST_FAIL: Record<string, { error: RegExp; reason: string; statement?: string }> = {
  "camt-genkgo/camt053.v2.wrong.xml": { error: /holds no Stmt/, reason: "deliberately wrong: a statement message without a statement" },
  "csv-csv2ofx/converted/default_w_splits.ofx": { error: /no bank, credit-card or investment statement/, reason: "csv2ofx wrote intrabank transfer responses (INTRARS), not a statement" },
  "csv-csv2ofx/converted/mint.ofx": { error: /no bank, credit-card or investment statement/, reason: "intrabank transfer responses (INTRARS), not a statement" },
  "mt940-wolph/cmxl/mt940.sta": { statement: "1", error: /"DEM".*not a current ISO 4217 code/, reason: "Deutsche Mark statements: Money cannot hold a withdrawn currency" },
  "mt940-wolph/self-provided/raphaelm.sta": { statement: "1", error: /"DEM".*not a current ISO 4217 code/, reason: "Deutsche Mark statements" },
  "mt940-wolph/self-provided/invalid_statement.sta": { error: /not an MT940 file/, reason: "deliberately invalid (numbers 1–10)" },
  "ofx-ofx-js/example2.ofx": { error: /"\*+" is not a date/, reason: "anonymised: every date replaced by asterisks" },
  "ofx-ofxparse/account_listing_aggregation.ofx": { error: /no bank, credit-card or investment statement/, reason: "account list, no statement" },
  "ofx-ofxparse/bank_small.ofx": { error: /no bank, credit-card or investment statement/, reason: "empty <OFX></OFX>" },
  "ofx-ofxparse/error_message.ofx": { error: /statement error \(code 2000\)/, reason: "the bank returned an error instead of a statement" },
  "ofx-ofxparse/fail_nice/date_missing.ofx": { error: /DTPOSTED: missing/, reason: "malformed on purpose: missing and impossible dates" },
  "ofx-ofxparse/fail_nice/decimal_error.ofx": { error: /is not a date/, reason: "malformed on purpose: bad date and '$120' amount" },
  "ofx-ofxparse/fidelity-savings.ofx": { error: /more than 2 decimal places for USD/, reason: "sub-cent cash amounts (115.8331 USD): rejected, never rounded" },
  "ofx-ofxparse/investment_401k.ofx": { error: /no cash transactions/, reason: "investment trades only" },
  "ofx-ofxparse/signon_fail.ofx": { error: /sign-on error \(code 15500\)/, reason: "sign-on refused, no statement" },
  "ofx-ofxparse/signon_success.ofx": { error: /no bank, credit-card or investment statement/, reason: "sign-on only" },
  "ofx-ofxparse/signon_success_no_message.ofx": { error: /no bank, credit-card or investment statement/, reason: "sign-on only" },
  "ofx-ofxparse/td_ameritrade.ofx": { error: /no cash transactions/, reason: "investment positions only" },
  "ofx-ofxparse/tiaacref.ofx": { error: /no cash transactions/, reason: "investment transfers of securities only" },
  "ofx-ofxparse/vanguard.ofx": { error: /no cash transactions/, reason: "investment trades only" },
  "ofx-ofxparse/vanguard401k.ofx": { error: /no cash transactions/, reason: "investment trades only" },
  "qif-quiffen/empty.qif": { error: /the file is empty/, reason: "empty on purpose" },
  "qif-quiffen/invalid.txt": { error: /unrecognised statement format/, reason: "not a QIF file, on purpose" },
  "qif-quiffen/test_unknown_account_type.qif": { error: /only investment transactions/, reason: "a single !Type:Invst record" },
};
// fail_nice/empty_balance.ofx is the one file of that folder that parses: its only defect is an
// empty <BALAMT>, and balances are not imported — its transaction is valid.

/** Layouts a header cannot describe, mapped the way a user would. */
const MAPPINGS: Record<string, CsvMapping> = {
  "csv-csv2ofx/test/amazon.csv": { amount: "total", invertSign: true, description: "items", reference: "order id" },
  "csv-csv2ofx/test/mint_headerless.csv": { hasHeader: false, date: 0, description: 1, amount: 3, direction: 4 },
};

const FORMAT_OF_FOLDER: [RegExp, ImportFormat][] = [
  [/^camt-genkgo\//, "camt"],
  [/^csv-csv2ofx\/test\//, "csv"],
  [/^csv-csv2ofx\/converted\/.*\.ofx$/, "ofx"],
  [/^csv-csv2ofx\/converted\/.*\.qif$/, "qif"],
  [/^mt940-wolph\//, "mt940"],
  [/^ofx-/, "ofx"],
  [/^qif-quiffen\//, "qif"],
];
// Nothing in these says what they are (a .sta extension still routes one to the MT940 parser).
const UNDETECTABLE = new Set([
  "mt940-wolph/self-provided/invalid_statement.sta",
  "qif-quiffen/invalid.txt",
  "qif-quiffen/empty.qif",
]);

const all = listSamples(".");
const statements = all.filter((p) => !NOT_A_STATEMENT.some((r) => r.test(p)));
const formatOf = (path: string): ImportFormat | undefined => FORMAT_OF_FOLDER.find(([r]) => r.test(path))?.[1];
const parse = (path: string, content: string | Uint8Array = sample(path), statement?: string): ParsedStatement =>
  parseStatement({
    content,
    filename: path,
    currency: path.startsWith("csv-") ? "USD" : "EUR",
    csvMapping: MAPPINGS[path],
    statement,
  });

/**
 * The accounting contract on one parse: every record the imported statement holds is a
 * transaction or a skipped record with its place and reason, and the statement it imported is
 * the one listed under `statements` with that many records.
 */
const assertAccounted = (parsed: ParsedStatement, chosen = 1): void => {
  assert.equal(parsed.transactions.length + parsed.skipped.length, parsed.seen, "transactions + skipped = seen");
  for (const s of parsed.skipped) assert.ok(s.path.trim() !== "" && s.reason.trim() !== "", JSON.stringify(s));
  assert.deepEqual(
    parsed.statements.map((s) => s.index),
    parsed.statements.map((_, i) => i + 1),
  );
  assert.equal(parsed.statements[chosen - 1]?.records, parsed.seen, "the chosen statement's records");
  for (const t of parsed.transactions) {
    assert.match(t.date, /^\d{4}-\d{2}-\d{2}$/);
    assert.ok(isDateInRange(t.date), t.date);
    assert.equal(typeof t.amount.minor, "bigint");
    assert.ok(t.description.trim() !== "" && t.externalId !== "");
  }
  assert.equal(new Set(parsed.transactions.map((t) => t.externalId)).size, parsed.transactions.length);
};

test("every sample file is accounted for", () => {
  assert.ok(statements.length > 150, `only ${statements.length} statement files found under the shared data`);
  assert.deepEqual(
    statements.filter((p) => !formatOf(p)),
    [],
    "files in no known folder",
  );
  assert.deepEqual(
    [...Object.keys(MUST_FAIL), ...Object.keys(SEVERAL_ACCOUNTS)].filter((p) => !statements.includes(p)),
    [],
    "MUST_FAIL or SEVERAL_ACCOUNTS names missing files",
  );
});

describe("every sample parses, accounting for every record, or fails with the VALIDATION error expected of it", () => {
  for (const path of statements) {
    const expected = MUST_FAIL[path];
    const several = SEVERAL_ACCOUNTS[path];
    test(`${path}${expected ? ` fails: ${expected.reason}` : " parses"}`, () => {
      if (several) {
        assert.throws(
          () => parse(path),
          (e) =>
            isAppError(e) &&
            e.code === "VALIDATION" &&
            e.issues[0]?.path === "statement" &&
            e.message.includes(`holds ${several} statements`) &&
            e.message.includes(`${several}. `),
        );
      }
      if (expected) {
        assert.throws(
          () => parse(path, sample(path), expected.statement),
          (e) => isAppError(e) && e.code === "VALIDATION" && expected.error.test(e.message),
        );
        return;
      }
      for (let index = 1; index <= (several ?? 1); index++) {
        const parsed = parse(path, sample(path), several ? String(index) : undefined);
        assert.equal(parsed.statements.length, several ?? 1);
        assertAccounted(parsed, index);
      }
    });
  }
});

describe("format detection on every sample", () => {
  for (const path of statements) {
    test(path, () => {
      if (UNDETECTABLE.has(path)) {
        assert.throws(
          () => detectFormat(sample(path)),
          (e) => isAppError(e) && e.code === "VALIDATION",
        );
      } else {
        assert.equal(detectFormat(sample(path), path), formatOf(path));
        assert.equal(detectFormat(sample(path)), formatOf(path), "without the file name");
      }
    });
  }
});

// Damaged copies of real files must still end in a VALIDATION error or a sane result, never a crash.
describe("damaged files never crash", () => {
  const seeds = [
    "csv-csv2ofx/test/outbank.csv",
    "ofx-ofxparse/bank_medium.ofx",
    "ofx-ofxparse/suncorp.ofx",
    "qif-quiffen/test.qif",
    "camt-genkgo/camt054.v8.xml",
    "mt940-wolph/betterplace/sepa_snippet.sta",
  ];
  const damage = (bytes: Uint8Array) =>
    fc.oneof(
      fc.nat(bytes.length).map((n) => bytes.subarray(0, n)),
      fc
        .tuple(fc.nat(bytes.length), fc.nat(200))
        .map(([at, n]) => new Uint8Array([...bytes.subarray(0, at), ...bytes.subarray(at + n)])),
      fc
        .tuple(fc.nat(bytes.length), fc.uint8Array({ minLength: 1, maxLength: 12 }))
        .map(([at, junk]) => new Uint8Array([...bytes.subarray(0, at), ...junk, ...bytes.subarray(at)])),
      fc
        .tuple(fc.nat(bytes.length), fc.constantFrom(..."<>/:;,\"'^!?\n-0123456789CDR".split("")))
        .map(([at, c]) => new Uint8Array([...bytes.subarray(0, at), c.charCodeAt(0), ...bytes.subarray(at)])),
    );
  for (const path of seeds) {
    test(path, () => {
      const original = sample(path);
      fc.assert(
        fc.property(damage(original), (bytes) => {
          try {
            const parsed = parse(path, bytes, SEVERAL_ACCOUNTS[path] ? "1" : undefined);
            assert.equal(parsed.transactions.length + parsed.skipped.length, parsed.seen);
            return parsed.transactions.every((t) => /^\d{4}-\d{2}-\d{2}$/.test(t.date) && t.description !== "");
          } catch (e) {
            if (isAppError(e) && e.code === "VALIDATION" && e.issues.length > 0) return true;
            throw e;
          }
        }),
        { numRuns: 300 },
      );
    });
  }
});

// Generated files whose records are known: every record must come out as a transaction or a
// skipped record, in the statement of its account, whatever the structure around it.
describe("generated files: every record accounted for, per statement", () => {
  for (const [name, files] of [
    ["OFX", generatedOfx],
    ["CAMT", generatedCamt],
    ["MT940", generatedMt940],
  ] as const) {
    test(name, () => {
      fc.assert(
        fc.property(files, (file) => {
          file.statements.forEach((expected, i) => {
            const statement = file.statements.length > 1 ? String(i + 1) : undefined;
            const parsed = parseStatement({ content: file.content, format: file.format, currency: "EUR", statement });
            assert.equal(parsed.statements.length, file.statements.length);
            assert.deepEqual(
              { transactions: parsed.transactions.length, skipped: parsed.skipped.length },
              expected,
              file.content,
            );
            assertAccounted(parsed, i + 1);
          });
        }),
        { numRuns: 150 },
      );
    });
  }
});
