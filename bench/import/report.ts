import type { Machine } from "../shared/machine.ts";
import { median } from "../shared/median.ts";
import { fmt } from "../shared/timing.ts";
import type { PathResult } from "./measure.ts";

/** Imports must sustain this many rows per second end to end. */
export const TARGET_ROWS_PER_SEC = 20_000;

export type Ratio = { name: string; value: number };
export type Verdict = { name: string; rowsPerSec: number; pass: boolean };

const byName = (results: readonly PathResult[], name: string) => results.find((r) => r.name === name);

export const roundName = (name: string, round: number): string => `${name}, round ${round}`;
export const medianName = (name: string): string => `${name}, median`;

/**
 * One path measured in several rounds (rows named by `roundName`), as one row named by
 * `medianName`: the median rows/s of its
 * rounds (seconds are what that rate means for one file), and the most the machine was
 * busy before any of them. Verdicts read this row, so one disturbed round can't decide.
 */
export const medianOfRounds = (name: string, rounds: number, results: readonly PathResult[]): PathResult => {
  const runs = Array.from({ length: rounds }, (_, i) => byName(results, roundName(name, i + 1)));
  if (rounds < 1 || runs.some((r) => r === undefined)) {
    throw new Error(`${name}: expected ${rounds} rounds, found ${runs.filter(Boolean).length}`);
  }
  const measured = runs as PathResult[];
  const rows = measured[0]!.rows;
  const rowsPerSec = median(measured.map((r) => r.rowsPerSec));
  return {
    name: medianName(name),
    rows,
    seconds: rows / rowsPerSec,
    rowsPerSec,
    inserted: median(measured.map((r) => r.inserted ?? 0)),
    duplicates: median(measured.map((r) => r.duplicates ?? 0)),
    cpuBusyBefore: Math.max(...measured.map((r) => r.cpuBusyBefore)),
  };
};

/** COPY against the other insert strategies, on the same rows, insert only. */
export const ratios = (results: PathResult[], copy: string, others: Record<string, string>): Ratio[] => {
  const c = byName(results, copy);
  return Object.entries(others).flatMap(([label, o]) => {
    const other = byName(results, o);
    return c && other ? [{ name: `COPY ÷ ${label}`, value: c.rowsPerSec / other.rowsPerSec }] : [];
  });
};

/** PASS/FAIL of each end-to-end import against the target. */
export const judge = (results: PathResult[], endToEnd: string[]): Verdict[] =>
  endToEnd.flatMap((name) => {
    const r = byName(results, name);
    return r ? [{ name, rowsPerSec: r.rowsPerSec, pass: r.rowsPerSec >= TARGET_ROWS_PER_SEC }] : [];
  });

const row = (cells: string[], widths: number[]) =>
  cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");

/** Prints the table, the ratios and the verdicts. */
export const printReport = (machine: Machine, results: PathResult[], rs: Ratio[], verdicts: Verdict[]): void => {
  console.log(`\nmachine: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB} GiB, Node ${machine.node}`);
  console.log("this process and Postgres share those cores.\n");
  const widths = [44, 8, 8, 10, 9, 10, 12];
  console.log(row(["path", "rows", "seconds", "rows/s", "inserted", "duplicates", "busy before"], widths));
  for (const r of results) {
    const written = [
      r.inserted === undefined ? "-" : fmt(r.inserted),
      r.duplicates === undefined ? "-" : fmt(r.duplicates),
    ];
    const cells = [
      r.name,
      fmt(r.rows),
      fmt(r.seconds, 2),
      fmt(r.rowsPerSec),
      ...written,
      `${fmt(r.cpuBusyBefore * 100)} %`,
    ];
    console.log(row(cells, widths));
  }
  console.log("");
  for (const r of rs) console.log(`${r.name}: ${fmt(r.value, 1)}×`);
  console.log("");
  for (const v of verdicts) {
    const verdict = v.pass ? "PASS" : "FAIL";
    console.log(`${verdict}  ${v.name}: ${fmt(v.rowsPerSec)} rows/s (target >= ${fmt(TARGET_ROWS_PER_SEC)})`);
  }
};
