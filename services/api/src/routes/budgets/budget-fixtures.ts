import assert from "node:assert/strict";
import type { Harness } from "../../test-support/api-harness.ts";

type User = { id: string; token: string };

/** Budget calls shared by the budget test files. */
export const budgetCalls = (h: Harness) => {
  /** Creates a budget (starting 2024-01-01 unless told) and returns its id. */
  const newBudget = async (u: User, body: Record<string, unknown>) => {
    const res = await h.call("POST", "/v1/budgets", { token: u.token, body: { startDate: "2024-01-01", ...body } });
    assert.equal(res.status, 201, JSON.stringify(res.json));
    return res.json.id as string;
  };
  /** The budget's `current` block for the period containing `asOf`. */
  const current = async (u: User, id: string, asOf: string) => {
    const res = await h.call("GET", `/v1/budgets/${id}?asOf=${asOf}`, { token: u.token });
    assert.equal(res.status, 200, JSON.stringify(res.json));
    return res.json.current as { start: string; end: string; spent: string; remaining: string; rolledOver: string };
  };
  return { newBudget, current };
};
