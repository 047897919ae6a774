import assert from "node:assert/strict";
import { test } from "node:test";
import { DATE_RANGE_MESSAGE } from "@fincoach/importers";
import { CursorParam, decodeCursor, encodeCursor } from "./list-cursor.ts";

const ID = "01890000-0000-7000-8000-000000000000";
const forged = (d: string) => Buffer.from(JSON.stringify({ d, i: ID })).toString("base64url");

test("a cursor made by encodeCursor decodes to its sort key", () => {
  const text = encodeCursor({ date: "2024-03-01", id: ID });
  assert.deepEqual(decodeCursor(text), { date: "2024-03-01", id: ID });
  assert.equal(CursorParam.safeParse(text).success, true);
});

test("a forged cursor dated outside 1900-01-01..2999-12-31 is refused, saying why", () => {
  for (const d of ["0000-01-01", "1899-12-31", "3000-01-01", "9999-12-31"]) {
    assert.equal(decodeCursor(forged(d)), undefined, d);
    const result = CursorParam.safeParse(forged(d));
    assert.equal(result.success, false, d);
    assert.equal(result.error?.issues[0]?.message, `is not a valid page cursor: its date ${DATE_RANGE_MESSAGE}`);
  }
  assert.deepEqual(decodeCursor(forged("1900-01-01")), { date: "1900-01-01", id: ID });
  assert.deepEqual(decodeCursor(forged("2999-12-31")), { date: "2999-12-31", id: ID });
});

test("a tampered or truncated cursor is just invalid", () => {
  for (const text of ["", "!!", encodeCursor({ date: "2024-03-01", id: ID }).slice(0, -4), forged("2024-02-30")]) {
    const result = CursorParam.safeParse(text);
    assert.equal(result.success, false, text);
    assert.match(result.error?.issues[0]?.message ?? "", /^is not a valid page cursor/);
  }
});
