import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { formatDecimal } from "@fincoach/money";
import type { ParsedStatement, ParsedTransaction } from "../types.ts";

const REPO_ROOT = join(import.meta.dirname, "..", "..", "..", "..");

/** The public sample statements copied into the repository (see testdata/README.md). */
export const STATEMENTS_DIR = join(REPO_ROOT, "testdata", "statements");

/** Bytes of a sample, by path relative to the statements folder: "ofx-ofxparse/checking.ofx". */
export const sample = (path: string): Uint8Array => readFileSync(join(STATEMENTS_DIR, path));

/** Text of a sample (UTF-8), for expected-output files. */
export const sampleText = (path: string): string => readFileSync(join(STATEMENTS_DIR, path), "utf8");

/** Every file under a folder of the statements directory, as paths relative to that directory. */
export const listSamples = (folder: string): string[] => {
  const walk = (dir: string): string[] =>
    readdirSync(dir)
      .sort()
      .flatMap((name) => (statSync(join(dir, name)).isDirectory() ? walk(join(dir, name)) : [join(dir, name)]));
  return walk(join(STATEMENTS_DIR, folder)).map((p) => relative(STATEMENTS_DIR, p));
};

/** A transaction reduced to what expected outputs can be compared on: "2015-06-12 -1500.00 USD". */
export const brief = (t: Pick<ParsedTransaction, "date" | "amount">): string =>
  `${t.date} ${formatDecimal(t.amount)} ${t.amount.currency}`;

/** Sorted `brief`s, for order-insensitive comparison. */
export const briefs = (ts: readonly Pick<ParsedTransaction, "date" | "amount">[]): string[] => ts.map(brief).sort();

/**
 * Every statement of a file, in the order the file lists them: `parse` is called with "1" and
 * then with each further index the first result's `statements` names.
 */
export const parseEveryStatement = (parse: (statement: string) => ParsedStatement): ParsedStatement[] => {
  const first = parse("1");
  return [first, ...first.statements.slice(1).map((s) => parse(String(s.index)))];
};
