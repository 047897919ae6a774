import { readFile } from "node:fs/promises";

/** The parts of V8's `.cpuprofile` format (written by `node --cpu-prof`) the summary reads. */
type ProfileNode = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
};
type CpuProfile = { nodes: ProfileNode[]; samples: number[]; startTime: number; timeDeltas: number[] };

/** A span of CLOCK_MONOTONIC time in microseconds (the clock of both V8's profiler and `process.hrtime`). */
export type Window = { fromUs: number; toUs: number };

/** Now on the profiler's clock, in microseconds. */
export const monotonicUs = (): number => Number(process.hrtime.bigint() / 1000n);

/** A line of the summary: a name and its share of all samples. */
export type Share = { name: string; share: number };

export type ProfileSummary = {
  samples: number;
  /** Samples whose stack includes the group (a package, our own code, or a V8 pseudo-frame). */
  inclusive: Share[];
  /** Samples whose top frame is in the group. */
  self: Share[];
  /** Top frames by self samples, as `function (group:line)`. */
  topFunctions: Share[];
  /** Functions by samples whose stack includes them (each counted once per sample). */
  inclusiveFunctions: Share[];
};

/**
 * Where a frame's code comes from: `pkg:<name>` for node_modules, `ours:<workspace>` for
 * the repo's own packages and services, `node:` for Node internals, else V8's pseudo-frames.
 */
export const groupOf = (url: string, functionName: string): string => {
  if (!url) return `(${functionName.replace(/[()]/g, "") || "anonymous"})`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return `pkg:${pkg[1]}`;
  if (url.startsWith("node:")) return "node:";
  const ours = /\/(packages|services|bench)\/([^/]+)\//.exec(url);
  return ours ? `ours:${ours[1]}/${ours[2]}` : url;
};

const ranked = (counts: Map<string, number>, total: number, top: number): Share[] =>
  [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, n]) => ({ name, share: n / total }));

const bump = (m: Map<string, number>, key: string) => m.set(key, (m.get(key) ?? 0) + 1);

/** The ids of the samples taken inside `window` (all of them without one). */
const samplesIn = (profile: CpuProfile, window?: Window): number[] => {
  if (!window) return profile.samples;
  const kept: number[] = [];
  let t = profile.startTime;
  profile.samples.forEach((id, i) => {
    t += profile.timeDeltas[i] ?? 0;
    if (t >= window.fromUs && t <= window.toUs) kept.push(id);
  });
  return kept;
};

/**
 * Self and inclusive shares of samples per code group, and the hottest functions, counting
 * only samples inside `window` (e.g. the measured run, without start-up and warm-up).
 */
export const summarizeProfile = (profile: CpuProfile, window?: Window, top = 25): ProfileSummary => {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const group = (n: ProfileNode) => groupOf(n.callFrame.url, n.callFrame.functionName);
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const fns = new Map<string, number>();
  const inclusiveFns = new Map<string, number>();
  const label = (n: ProfileNode) =>
    `${n.callFrame.functionName || "(anonymous)"} (${group(n)}:${n.callFrame.lineNumber + 1})`;
  const samples = samplesIn(profile, window);
  for (const id of samples) {
    const leaf = byId.get(id)!;
    bump(self, group(leaf));
    bump(fns, label(leaf));
    const seen = new Set<string>();
    const seenFns = new Set<string>();
    for (let n: ProfileNode | undefined = leaf; n; n = byId.get(parent.get(n.id) ?? -1)) {
      seen.add(group(n));
      seenFns.add(label(n));
    }
    for (const g of seen) bump(inclusive, g);
    for (const f of seenFns) bump(inclusiveFns, f);
  }
  const total = samples.length;
  return {
    samples: total,
    inclusive: ranked(inclusive, total, top),
    self: ranked(self, total, top),
    topFunctions: ranked(fns, total, top),
    inclusiveFunctions: ranked(inclusiveFns, total, top * 2),
  };
};

export const readProfile = async (path: string): Promise<CpuProfile> =>
  JSON.parse(await readFile(path, "utf8")) as CpuProfile;

/** Prints the three rankings as percentages. */
export const printProfileSummary = (s: ProfileSummary): void => {
  const pct = (x: number) => `${(x * 100).toFixed(1).padStart(5)} %`;
  for (const [title, rows] of [
    ["inclusive (stack contains)", s.inclusive],
    ["self (top frame)", s.self],
    ["hottest functions (self)", s.topFunctions],
    ["functions by inclusive samples", s.inclusiveFunctions],
  ] as const) {
    console.log(`\n${title}, of ${s.samples} samples:`);
    for (const r of rows) console.log(`  ${pct(r.share)}  ${r.name}`);
  }
};
