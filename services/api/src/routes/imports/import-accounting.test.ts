import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { MAX_LISTED_SKIPPED, parseForAccount } from "@fincoach/domain";
import { isAppError } from "@fincoach/errors";
import { parseStatement } from "@fincoach/importers";
import { listSamples } from "../../../../../packages/importers/src/test-support/fixtures.ts";
import { type Harness, startHarness } from "../../test-support/api-harness.ts";
import { countRows, newAccount, STATEMENTS, upload } from "./import-fixtures.ts";

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

/** Every statement file under testdata (not the expected outputs beside them). */
const SAMPLES = ["camt-genkgo", "csv-csv2ofx", "mt940-wolph", "ofx-ofx-js", "ofx-ofxparse", "qif-quiffen"]
  .flatMap(listSamples)
  .filter((p) => !/(\.(json|ya?ml|md)|\/(LICENSE|README)[^/]*)$/i.test(p));

/**
 * How the importer reads a sample on its own: the account currency it suits (the file's, else
 * its first transaction's), the statement to ask for, and what it holds, or why it is refused.
 */
const expectationOf = (content: Uint8Array, filename: string) => {
  const read = (statement?: string, currency = "USD") => {
    try {
      const parsed = parseForAccount({ currency, accountNumber: null }, { content, filename, statement });
      return { parsed, statement, currency };
    } catch (e) {
      if (!isAppError(e) || e.code !== "VALIDATION") throw e;
      return { refusal: e.message, choose: e.issues[0]?.path === "statement", currency };
    }
  };
  const first = read();
  const statement = "choose" in first && first.choose ? "1" : undefined;
  let currency = "USD";
  try {
    const raw = parseStatement({ content, filename, currency, statement });
    currency = raw.currency ?? raw.transactions[0]?.amount.currency ?? currency;
  } catch {
    // refused whatever the currency: read() below says why
  }
  return read(statement, currency);
};

const importsOf = async (userId: string) =>
  Number((await h.database.sql`select count(*)::int as n from imports where user_id = ${userId}`)[0]!.n);

describe("imports: every record of every sample file is accounted for", () => {
  test(`${SAMPLES.length} sample files: seen = inserted + duplicates + skipped, twice; refused files write nothing`, async () => {
    const u = await h.newUser();
    let imported = 0;
    let refused = 0;
    for (const path of SAMPLES) {
      const content = await readFile(join(STATEMENTS, path));
      const filename = path.split("/").pop()!;
      const expected = expectationOf(content, filename);
      const acc = await newAccount(h, u, expected.currency, "checking", path.slice(0, 100));
      const first = await upload(h, u, { accountId: acc.id, path, statement: expected.statement });
      if (!expected.parsed) {
        assert.equal(first.status, 400, `${path}: refused by the parser, so by the endpoint (${first.text})`);
        assert.ok(first.json.errors.length > 0, `${path}: the refusal names line and field`);
        assert.equal(await countRows(h, acc.id), 0, `${path}: a refused file writes nothing`);
        refused++;
        continue;
      }
      assert.equal(first.status, 201, `${path}: ${first.text}`);
      const r = first.json;
      assert.equal(r.seen, expected.parsed.seen, `${path}: seen`);
      assert.equal(r.inserted + r.duplicates + r.skipped, r.seen, `${path}: every record accounted for`);
      assert.equal(r.skipped, expected.parsed.skipped.length, `${path}: skipped`);
      assert.equal(r.truncated, expected.parsed.truncated, `${path}: truncated`);
      assert.equal(
        r.skippedRecords.length,
        Math.min(r.skipped, MAX_LISTED_SKIPPED),
        `${path}: each skipped record listed`,
      );
      assert.equal(await countRows(h, acc.id), r.inserted, `${path}: inserted rows are stored`);
      const again = await upload(h, u, { accountId: acc.id, path, statement: expected.statement });
      assert.equal(again.status, 201, `${path}: ${again.text}`);
      assert.deepEqual(
        [again.json.seen, again.json.inserted, again.json.duplicates, again.json.skipped],
        [r.seen, 0, r.seen - r.skipped, r.skipped],
        `${path}: a re-import inserts nothing and reports every record as a duplicate or skipped`,
      );
      imported++;
    }
    assert.ok(imported > 100 && refused > 0, `imported ${imported}, refused ${refused}`);
  });

  test("a refused file leaves no import record and no transaction", async () => {
    const u = await h.newUser();
    const acc = await newAccount(h, u, "EUR");
    const res = await upload(h, u, {
      accountId: acc.id,
      content: "Date,Description,Amount\n2024-01-02,Coffee,-3.50\n2024-01-03,Tea,-1E3\n",
      filename: "s.csv",
    });
    assert.equal(res.status, 400);
    assert.equal(res.json.errors[0].path, "line 3 / amount");
    assert.deepEqual([await countRows(h, acc.id), await importsOf(u.id)], [0, 0]);
  });
});

describe("imports: bank text within the API's field limits", () => {
  test("a 1 MB description is stored cut to 500 characters, and the result counts it", async () => {
    const u = await h.newUser();
    const acc = await newAccount(h, u, "EUR");
    const long = "A".repeat(1_000_000);
    const res = await upload(h, u, {
      accountId: acc.id,
      content: `Date,Description,Amount\n2024-01-02,${long},-3.50\n2024-01-03,Tea,-1.20\n`,
      filename: "s.csv",
    });
    assert.equal(res.status, 201, res.text);
    assert.deepEqual([res.json.inserted, res.json.truncated], [2, 1]);
    const [row] = await h.database.sql<{ description: string }[]>`
      select description from transactions where account_id = ${acc.id} and amount_minor = -350`;
    assert.equal([...row!.description].length, 500);
    assert.ok(row!.description.endsWith("…"));
  });
});

/**
 * Holds `accountId`'s row locked by an uncommitted DELETE on its own connection: an import
 * into it blocks at its first foreign-key check until `release` commits or rolls back.
 */
const lockAccount = async (accountId: string, harness = h) => {
  const reserved = await harness.database.sql.reserve();
  await reserved`begin`;
  await reserved`delete from accounts where id = ${accountId}`;
  return {
    release: async (outcome: "commit" | "rollback") => {
      await reserved.unsafe(outcome);
      reserved.release();
    },
  };
};

/** Waits (with a deadline) until some backend is blocked on a lock: the import has reached the locked row. */
const untilAnImportWaits = async (harness = h) => {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const [row] = await harness.database.sql<{ n: number }[]>`
      select count(*)::int as n from pg_stat_activity
      where datname = current_database() and wait_event_type = 'Lock'`;
    if (row!.n > 0) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error("no import blocked on the account's lock within 20 s");
};

const OFX = "ofx-ofxparse/checking.ofx";

describe("imports: concurrency and accounts that go away", () => {
  test("an account deleted while its import runs answers 404 and stores nothing", async () => {
    const u = await h.newUser();
    const acc = await newAccount(h, u, "USD");
    const lock = await lockAccount(acc.id);
    const pending = upload(h, u, { accountId: acc.id, path: OFX });
    await untilAnImportWaits();
    await lock.release("commit");
    const res = await pending;
    assert.equal(res.status, 404, res.text);
    assert.equal(res.json.code, "NOT_FOUND");
    assert.deepEqual([await countRows(h, acc.id), await importsOf(u.id)], [0, 0]);
  });

  test("a person's second large import at once answers 429 with Retry-After; small ones and others' go on", async () => {
    // Budgets of one 1 MiB file per person and two per process; the imports weigh ~0.7 MiB.
    const small = await startHarness({ IMPORT_MAX_BYTES: 2 ** 20, IMPORT_MAX_CONCURRENT: 2 });
    try {
      const large = `Date,Description,Amount\n${"2024-01-02,Coffee at the corner shop,-3.50\n".repeat(17_000)}`;
      const u = await small.newUser();
      const acc = await newAccount(small, u, "USD");
      const other = await newAccount(small, u, "USD", "savings", "Other");
      const lock = await lockAccount(acc.id, small);
      const first = upload(small, u, { accountId: acc.id, content: large, filename: "big.csv", http: true });
      await untilAnImportWaits(small);
      const second = await upload(small, u, { accountId: other.id, content: large, filename: "big.csv", http: true });
      assert.equal(second.status, 429, second.text);
      assert.ok(Number(second.headers.get("retry-after")) > 0);
      assert.equal(
        (await upload(small, u, { accountId: other.id, path: OFX, http: true })).status,
        201,
        "a small file fits",
      );
      const someoneElse = await small.newUser();
      const theirs = await newAccount(small, someoneElse, "USD");
      const their = await upload(small, someoneElse, {
        accountId: theirs.id,
        content: large,
        filename: "big.csv",
        http: true,
      });
      assert.equal(their.status, 201, their.text);
      await lock.release("rollback");
      assert.equal((await first).status, 201);
      const again = await upload(small, u, { accountId: other.id, content: large, filename: "big.csv", http: true });
      assert.equal(again.status, 201, "the budget is free again");
    } finally {
      await small.close();
    }
  });
});

describe("imports: a file holding several accounts' statements", () => {
  const MULTI = "ofx-ofxparse/multiple_accounts2.ofx";

  test("without a choice it is refused, listing the statements; `statement` picks one and remembers its number", async () => {
    const u = await h.newUser();
    const acc = await newAccount(h, u, "USD");
    const refused = await upload(h, u, { accountId: acc.id, path: MULTI });
    assert.equal(refused.status, 400, refused.text);
    assert.equal(refused.json.errors[0].path, "statement");
    assert.match(refused.json.errors[0].message, /statement/);
    assert.equal(await countRows(h, acc.id), 0);

    const chosen = await upload(h, u, { accountId: acc.id, path: MULTI, statement: "2" });
    assert.equal(chosen.status, 201, chosen.text);
    assert.ok(chosen.json.statementAccount, "the imported statement's account number is reported");
    const account = await h.call("GET", `/v1/accounts/${acc.id}`, { token: u.token });
    assert.equal(account.json.accountNumber, chosen.json.statementAccount, "the first import sets it");

    // The stored number now picks the statement by itself.
    const again = await upload(h, u, { accountId: acc.id, path: MULTI });
    assert.equal(again.status, 201, again.text);
    assert.deepEqual([again.json.statementAccount, again.json.inserted], [chosen.json.statementAccount, 0]);
  });
});
