import assert from "node:assert/strict";
import { test } from "node:test";
import { isAppError } from "@fincoach/errors";
import { normaliseAccountNumber, type StatementBlock, selectStatement } from "./select-statement.ts";

const block = (
  accountNumber: string | undefined,
  records: number,
  value: string,
  currency = "EUR",
): StatementBlock<string> => ({
  accountNumber,
  kind: "bank",
  currency,
  records,
  value,
});
const refusal = (message: RegExp) => (e: unknown) =>
  isAppError(e) && e.code === "VALIDATION" && e.issues[0]?.path === "statement" && message.test(e.issues[0].message);

test("account numbers compare without spaces, dashes, dots or case", () => {
  assert.equal(normaliseAccountNumber(" de89 3704-0044.0532 0130 00 "), "DE89370400440532013000");
});

test("blocks of the same account and currency merge, in the order accounts first appear", () => {
  const { selected, statements } = selectStatement(
    [block("DE89 3704", 2, "a"), block("NL91", 1, "b"), block("de893704", 3, "c")],
    { statement: "1" },
  );
  assert.deepEqual(selected.values, ["a", "c"]);
  assert.deepEqual(statements, [
    { index: 1, accountNumber: "DE89 3704", kind: "bank", currency: "EUR", records: 5 },
    { index: 2, accountNumber: "NL91", kind: "bank", currency: "EUR", records: 1 },
  ]);
});

test("one account needs no choice; a choice that names nothing is still refused", () => {
  const only = [block("X1", 1, "a"), block("X1", 1, "b")];
  assert.deepEqual(selectStatement(only, {}).selected.values, ["a", "b"]);
  assert.deepEqual(selectStatement(only, { accountNumber: "other" }).selected.values, ["a", "b"]);
  assert.throws(
    () => selectStatement(only, { statement: "Y2" }),
    refusal(/"Y2" is neither an account number nor .*1\. bank account X1, EUR, 2 records/),
  );
});

test("several accounts: statement (number, then index), else the stored number (exact, then unique suffix), else refused", () => {
  const blocks = [block("1111-2222", 1, "a"), block("3333 4444", 2, "b"), block("5555", 0, "c")];
  const pick = (options: { statement?: string; accountNumber?: string }) =>
    selectStatement(blocks, options).selected.values;
  assert.deepEqual(pick({ statement: "33334444" }), ["b"]);
  assert.deepEqual(pick({ statement: "3" }), ["c"]);
  assert.deepEqual(pick({ accountNumber: "1111 2222" }), ["a"]);
  assert.deepEqual(pick({ accountNumber: "4444" }), ["b"]);
  assert.deepEqual(pick({ statement: "1", accountNumber: "4444" }), ["a"]);
  assert.throws(
    () => pick({}),
    refusal(
      /3 statements .*1\. bank account 1111-2222, EUR, 1 record; 2\. .*; 3\. bank account 5555, EUR, 0 records\. Choose one with the "statement" form field/,
    ),
  );
  assert.throws(() => pick({ accountNumber: "9999" }), refusal(/3 statements of different accounts/));
  assert.throws(
    () => pick({ accountNumber: "222" }),
    refusal(/3 statements/),
    "a suffix under 4 characters picks nothing",
  );
  assert.throws(() => pick({ statement: "4" }), refusal(/"4" is neither/));
});

test("one account in two currencies is two statements; its number then names both, so the index must choose", () => {
  const blocks = [block("CH93", 1, "chf", "CHF"), block("CH93", 1, "eur", "EUR")];
  assert.throws(
    () => selectStatement(blocks, { statement: "CH93" }),
    refusal(/"CH93" names 2 statements .*give its number in this list/),
  );
  assert.deepEqual(selectStatement(blocks, { statement: "2" }).selected.values, ["eur"]);
  assert.throws(() => selectStatement(blocks, { accountNumber: "CH93" }), refusal(/2 statements/));
});
