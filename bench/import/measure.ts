import { waitForQuietMachine } from "../shared/idle-machine.ts";
import { timed } from "../shared/timing.ts";

/** One measured path: how many rows it handled, how long it took, and what it wrote. */
export type PathResult = {
  name: string;
  rows: number;
  seconds: number;
  rowsPerSec: number;
  inserted?: number;
  duplicates?: number;
  /** Share of the machine's CPU busy just before the run (others' processes; ideally near 0). */
  cpuBusyBefore: number;
};

export type Counts = { inserted: number; duplicates: number };

/** Times `fn` over `rows` rows and prints the line as it goes (a full run takes a while). */
export const measure = async (
  name: string,
  rows: number,
  fn: () => Promise<Counts | undefined>,
  quietWaitSeconds = 60,
): Promise<PathResult> => {
  const cpuBusyBefore = await waitForQuietMachine(quietWaitSeconds);
  const { value, seconds } = await timed(fn);
  console.log(`  ${name}: ${rows} rows in ${seconds.toFixed(2)} s`);
  return { name, rows, seconds, rowsPerSec: rows / seconds, ...value, cpuBusyBefore };
};
