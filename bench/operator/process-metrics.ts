import { readFile } from "node:fs/promises";

/** Parses Prometheus text into `name{labels}` -> value (comments dropped). */
export const parseMetrics = (text: string): Map<string, number> => {
  const out = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const at = line.lastIndexOf(" ");
    out.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return out;
};

/** The sum of every series of `name` (whatever its labels); NaN when there is none. */
export const metricSum = (metrics: Map<string, number>, name: string): number => {
  let total = Number.NaN;
  for (const [key, value] of metrics)
    if (key === name || key.startsWith(`${name}{`)) total = (Number.isNaN(total) ? 0 : total) + value;
  return total;
};

/** Bytes to MiB. */
export const MiB = (bytes: number) => bytes / 2 ** 20;

/**
 * VmRSS and VmHWM of `pid` in MiB, from /proc/<pid>/status (kB there), and VmRSS split into
 * anonymous memory (heaps, stacks: what the process allocated) and file-backed pages (the
 * executable's and libraries' code and read-only data, mapped from disk).
 */
export const procMemory = async (
  pid: number,
): Promise<{ rssMiB: number; peakRssMiB: number; rssAnonMiB: number; rssFileMiB: number }> => {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const kB = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? Number.NaN);
  return {
    rssMiB: kB("VmRSS") / 1024,
    peakRssMiB: kB("VmHWM") / 1024,
    rssAnonMiB: kB("RssAnon") / 1024,
    rssFileMiB: kB("RssFile") / 1024,
  };
};
