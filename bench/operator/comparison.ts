import { fmt } from "../shared/timing.ts";
import type { OperatorBenchReport } from "./report.ts";
import { verdict } from "./stats.ts";

/** Issue 10's targets for our operator against controller-runtime's (ratios ours ÷ theirs). */
export const PEER_TARGETS = { readyRatio: 1.5, p99Ratio: 1.5, rssRatio: 1 } as const;

/** One figure of both operators and its ratio, with the verdict when it has a target. */
export type PeerFigure = { what: string; ours: number; peer: number; ratio: number; verdict?: "PASS" | "FAIL" };

const rss = (r: OperatorBenchReport, schedules: number, part: "rssMiB" | "rssAnonMiB" | "rssFileMiB" = "rssMiB") =>
  r.memory.find((m) => m.schedules === schedules)?.memory.settled[part] ?? Number.NaN;

/** The figures the targets are about, ours beside the peer's; a target with a NaN side is not judged. */
export const comparePeer = (ours: OperatorBenchReport, peer: OperatorBenchReport, scaleTo: number): PeerFigure[] => {
  const figure = (what: string, a: number, b: number, max?: number): PeerFigure => {
    const ratio = a / b;
    return {
      what,
      ours: a,
      peer: b,
      ratio,
      ...(max !== undefined && Number.isFinite(ratio) ? { verdict: verdict(ratio <= max) } : {}),
    };
  };
  const ready = (r: OperatorBenchReport) => r.bulk?.readySeconds ?? Number.NaN;
  return [
    figure(`time to Ready, ${fmt(ours.bulk?.applied ?? 0)} (s)`, ready(ours), ready(peer), PEER_TARGETS.readyRatio),
    figure("apply -> children p50 (ms)", ours.latency?.p50Ms ?? Number.NaN, peer.latency?.p50Ms ?? Number.NaN),
    figure(
      "apply -> children p99 (ms)",
      ours.latency?.p99Ms ?? Number.NaN,
      peer.latency?.p99Ms ?? Number.NaN,
      PEER_TARGETS.p99Ratio,
    ),
    figure(
      `time to Ready, ${fmt(ours.scale?.total ?? scaleTo)} (s)`,
      ours.scale?.readySeconds ?? Number.NaN,
      peer.scale?.readySeconds ?? Number.NaN,
    ),
    figure(
      `operator CPU, ${fmt(ours.bulk?.applied ?? 0)} (s)`,
      ours.bulk?.operatorCpuSeconds ?? Number.NaN,
      peer.bulk?.operatorCpuSeconds ?? Number.NaN,
    ),
    // Judged where the issue asks (1,000 and 10,000); anonymous memory (what the process
    // allocated) and file-backed pages (its executable's and libraries' code) say where it is.
    ...ours.memory.flatMap(({ schedules: n }) => [
      figure(
        `settled RSS, ${fmt(n)} (MiB)`,
        rss(ours, n),
        rss(peer, n),
        n >= 1_000 ? PEER_TARGETS.rssRatio : undefined,
      ),
      figure("  anonymous (MiB)", rss(ours, n, "rssAnonMiB"), rss(peer, n, "rssAnonMiB")),
      figure("  file-backed (MiB)", rss(ours, n, "rssFileMiB"), rss(peer, n, "rssFileMiB")),
    ]),
  ].filter((f) => !(Number.isNaN(f.ours) && Number.isNaN(f.peer))); // a phase neither ran
};

/** Prints the comparison table: ours, controller-runtime's, ours ÷ theirs, PASS/FAIL. */
export const printComparison = (figures: readonly PeerFigure[], log: (line: string) => void): void => {
  log("");
  log("== fincoach operator against controller-runtime (ratio = ours ÷ controller-runtime's) ==");
  log(`${"".padEnd(30)}${"fincoach".padStart(10)}${"c-r".padStart(10)}${"ratio".padStart(8)}`);
  for (const f of figures) {
    const target = f.verdict ? `  ${f.verdict}` : "";
    log(
      `${f.what.padEnd(30)}${fmt(f.ours, 1).padStart(10)}${fmt(f.peer, 1).padStart(10)}${fmt(f.ratio, 2).padStart(8)}${target}`,
    );
  }
  log(
    `targets: time to Ready and p99 at most ${PEER_TARGETS.readyRatio}x controller-runtime's; settled RSS at or below it`,
  );
};
