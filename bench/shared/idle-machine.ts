import { cpus } from "node:os";

const cpuTimes = () =>
  cpus().reduce(
    (acc, c) => {
      const t = c.times;
      return { idle: acc.idle + t.idle, total: acc.total + t.idle + t.user + t.nice + t.sys + t.irq };
    },
    { idle: 0, total: 0 },
  );

/** Share (0-1) of all cores' time spent busy over the next `ms` milliseconds. */
export const sampleCpuBusy = async (ms = 1_000): Promise<number> => {
  const a = cpuTimes();
  await new Promise((r) => setTimeout(r, ms));
  const b = cpuTimes();
  const total = b.total - a.total;
  return total === 0 ? 0 : 1 - (b.idle - a.idle) / total;
};

/**
 * The bench machine is shared: other processes (test runs, builds) skew the figures. Waits,
 * up to `maxWaitSeconds`, for a one-second window in which the cores are under `threshold`
 * busy, and returns the busy share last seen so the results can say how quiet it was.
 */
export const waitForQuietMachine = async (maxWaitSeconds: number, threshold = 0.15): Promise<number> => {
  const deadline = Date.now() + maxWaitSeconds * 1_000;
  let busy = await sampleCpuBusy();
  let said = false;
  while (busy > threshold && Date.now() < deadline) {
    if (!said && maxWaitSeconds > 0)
      console.log(`  waiting for the machine to go quiet (cores ${Math.round(busy * 100)} % busy)…`);
    said = true;
    busy = await sampleCpuBusy();
  }
  if (busy > threshold && maxWaitSeconds > 0)
    console.log(`  still ${Math.round(busy * 100)} % busy after ${maxWaitSeconds} s: measuring anyway`);
  return busy;
};
