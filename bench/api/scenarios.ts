import type { RealDescription } from "../shared/real-descriptions.ts";
import type { BenchUser } from "./bench-users.ts";
import { createTrafficMix, LIST_MIX, MIXED_MIX, type Mix, POST_MIX, searchTermsOf } from "./traffic-mix.ts";

/** The benchmark's three scenarios, each a traffic mix (traffic-mix.ts states them). */
export const SCENARIOS = {
  list: { title: "list", mix: LIST_MIX, judged: true },
  mixed: { title: "mixed 80/20", mix: MIXED_MIX, judged: true },
  post: { title: "POST /v1/transactions", mix: POST_MIX, judged: false },
} as const satisfies Record<string, { title: string; mix: Mix; judged: boolean }>;
export type ScenarioName = keyof typeof SCENARIOS;

export const isScenarioName = (s: string): s is ScenarioName => s in SCENARIOS;

/** A fresh request stream for `scenario` (each side of the benchmark gets its own, with its own memory). */
export const mixFor = (
  scenario: ScenarioName,
  users: readonly BenchUser[],
  descriptions: readonly RealDescription[],
  today = new Date().toISOString().slice(0, 10),
) =>
  createTrafficMix({
    users,
    mix: SCENARIOS[scenario].mix,
    descriptions,
    searchTerms: searchTermsOf(descriptions),
    today,
  });
