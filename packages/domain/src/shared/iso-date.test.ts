import assert from "node:assert/strict";
import { test } from "node:test";
import { DATE_RANGE_MESSAGE, MAX_DATE, MIN_DATE } from "@fincoach/importers";
import { IsoDate } from "./schemas.ts";

const messages = (s: string) => IsoDate.safeParse(s).error?.issues.map((i) => i.message) ?? [];

test("IsoDate accepts real dates from 1900-01-01 to 2999-12-31, bounds included", () => {
  for (const d of [MIN_DATE, "2024-02-29", MAX_DATE]) assert.deepEqual(messages(d), [], d);
});

test("IsoDate refuses dates outside the range with the one range message", () => {
  for (const d of ["0000-01-01", "0001-01-01", "1899-12-31", "3000-01-01", "9999-12-31"])
    assert.deepEqual(messages(d), [DATE_RANGE_MESSAGE], d);
  assert.equal(DATE_RANGE_MESSAGE, "must be between 1900-01-01 and 2999-12-31");
});

test("a malformed or unreal date gets one message, not the range's as well", () => {
  assert.deepEqual(messages("2024-1-1"), ["must be a date like 2024-01-31"]);
  assert.deepEqual(messages("0000-02-30"), ["is not a real calendar date"]);
  assert.deepEqual(messages("2023-02-29"), ["is not a real calendar date"]);
});
