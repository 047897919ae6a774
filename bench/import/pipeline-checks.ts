/** How rows were decided in one imported account, counted by category_source (pipeline-person.ts). */
export type Decisions = {
  rows: number;
  rule: number;
  memory: number;
  model: number;
  /** Of the model's: applied (a category set) and only suggested (below the person's threshold). */
  modelApplied: number;
  modelSuggested: number;
  undecided: number;
  /** Rows the model cannot read (blank description): left undecided by design. */
  blank: number;
  tagged: number;
};

export const CASES = ["none", "rules + memory", "rules + memory + model (HTTP)"] as const;
export type Case = (typeof CASES)[number];

/**
 * What is wrong with one import's rows for its case, none when its figure counts: every row
 * accounted for, no model warning, the pipeline skipped without rules, both of rules and
 * memory deciding rows with them, and with the model every row with text decided.
 */
export const decisionProblems = (c: Case, d: Decisions, inserted: number, warnings: readonly string[]): string[] => {
  const bad: string[] = [];
  if (d.rows !== inserted) bad.push(`${d.rows} rows in the account, ${inserted} inserted`);
  if (warnings.length > 0) bad.push(`warned: ${warnings.join("; ")}`);
  if (c === "none" && d.undecided !== d.rows) bad.push(`${d.rows - d.undecided} rows decided without a pipeline`);
  if (c !== "none" && (d.rule === 0 || d.memory === 0))
    bad.push(`rule ${d.rule}, memory ${d.memory}: a stage decided nothing`);
  if (c === "rules + memory" && d.model !== 0) bad.push(`${d.model} model decisions without a model`);
  if (c === "rules + memory + model (HTTP)" && d.undecided !== d.blank)
    bad.push(`${d.undecided} rows undecided (${d.blank} have no text to read)`);
  return bad;
};
