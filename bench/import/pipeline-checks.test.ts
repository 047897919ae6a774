import assert from "node:assert/strict";
import { test } from "node:test";
import { type Decisions, decisionProblems } from "./pipeline-checks.ts";

const rows = 1_000;
const none: Decisions = {
  rows,
  rule: 0,
  memory: 0,
  model: 0,
  modelApplied: 0,
  modelSuggested: 0,
  undecided: rows,
  blank: 0,
  tagged: 0,
};
const rulesMemory: Decisions = { ...none, rule: 300, memory: 200, undecided: 500, tagged: 100 };
const full: Decisions = { ...rulesMemory, model: 500, modelApplied: 400, modelSuggested: 50, undecided: 0 };

test("each case passes when its rows show the work it did", () => {
  assert.deepEqual(decisionProblems("none", none, rows, []), []);
  assert.deepEqual(decisionProblems("rules + memory", rulesMemory, rows, []), []);
  assert.deepEqual(decisionProblems("rules + memory + model (HTTP)", full, rows, []), []);
  // Blank descriptions are the only rows the model may leave.
  const blanks = { ...full, model: 490, undecided: 10, blank: 10 };
  assert.deepEqual(decisionProblems("rules + memory + model (HTTP)", blanks, rows, []), []);
});

test("a model that timed out on a batch fails the figure, even with no warning", () => {
  const timedOut = { ...full, model: 0, undecided: 500 };
  assert.deepEqual(decisionProblems("rules + memory + model (HTTP)", timedOut, rows, []), [
    "500 rows undecided (0 have no text to read)",
  ]);
  assert.equal(decisionProblems("rules + memory + model (HTTP)", full, rows, ["model stage failed"]).length, 1);
});

test("rows missing from the account, or a stage that decided nothing, are problems", () => {
  assert.deepEqual(decisionProblems("none", { ...none, rows: 999, undecided: 999 }, rows, []), [
    "999 rows in the account, 1000 inserted",
  ]);
  assert.deepEqual(decisionProblems("rules + memory", { ...rulesMemory, memory: 0, undecided: 700 }, rows, []), [
    "rule 300, memory 0: a stage decided nothing",
  ]);
  assert.deepEqual(decisionProblems("rules + memory", { ...rulesMemory, model: 1 }, rows, []), [
    "1 model decisions without a model",
  ]);
  assert.deepEqual(decisionProblems("none", { ...none, rule: 1, undecided: rows - 1 }, rows, []), [
    "1 rows decided without a pipeline",
  ]);
});
