import { readFile } from "node:fs/promises";
import { cpus } from "node:os";

/** Linux's USER_HZ: /proc reports CPU time in these ticks (`getconf CLK_TCK` is 100 on every mainstream kernel). */
const TICKS_PER_SECOND = 100;

type Cpu = { user: number; system: number };

/** A process's user and system CPU seconds so far (all its threads), or zeros once it has gone. */
const processCpu = async (pid: number): Promise<Cpu> => {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, "utf8");
    // Fields after the parenthesised command name (which may contain spaces): utime is the
    // 14th field of the line, stime the 15th.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { user: Number(fields[11]) / TICKS_PER_SECOND, system: Number(fields[12]) / TICKS_PER_SECOND };
  } catch {
    return { user: 0, system: 0 };
  }
};

const machineCpuSeconds = () =>
  cpus().reduce(
    (acc, c) => {
      const t = c.times;
      return {
        busy: acc.busy + (t.user + t.nice + t.sys + t.irq) / 1000,
        total: acc.total + (t.idle + t.user + t.nice + t.sys + t.irq) / 1000,
      };
    },
    { busy: 0, total: 0 },
  );

/** Which processes make up each group (e.g. "server", "postgres"); asked at start and at stop. */
export type CpuGroups = Record<string, () => Promise<readonly number[]>>;

/**
 * CPU seconds each group used over the window (user + system, and system alone: the
 * kernel's share, mostly socket I/O), everyone else's, and the window's length.
 */
export type CpuUse = {
  seconds: number;
  byGroup: Record<string, number>;
  systemByGroup: Record<string, number>;
  others: number;
  cores: number;
};

const snapshot = async (groups: CpuGroups) => {
  const out: Record<string, Map<number, Cpu>> = {};
  for (const [name, list] of Object.entries(groups)) {
    const pids = await list();
    out[name] = new Map(await Promise.all(pids.map(async (pid) => [pid, await processCpu(pid)] as const)));
  }
  return out;
};

/**
 * Starts measuring the CPU time of groups of processes, from /proc (Linux). `stop` gives
 * each group's CPU seconds over the window (a process that started inside it counts from
 * zero) and what every other process on the machine used meanwhile ("others"): on a shared
 * two-core machine, CPU per request is steadier than req/s and says where the time goes.
 */
export const startCpuMeter = async (groups: CpuGroups): Promise<{ stop: () => Promise<CpuUse> }> => {
  const before = await snapshot(groups);
  const machineBefore = machineCpuSeconds();
  const startedAt = process.hrtime.bigint();
  return {
    stop: async () => {
      const seconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
      const machineAfter = machineCpuSeconds();
      const after = await snapshot(groups);
      const byGroup: Record<string, number> = {};
      const systemByGroup: Record<string, number> = {};
      for (const [name, pids] of Object.entries(after)) {
        let user = 0;
        let system = 0;
        for (const [pid, cpu] of pids) {
          const was = before[name]?.get(pid);
          user += cpu.user - (was?.user ?? 0);
          system += cpu.system - (was?.system ?? 0);
        }
        byGroup[name] = user + system;
        systemByGroup[name] = system;
      }
      const ours = Object.values(byGroup).reduce((a, b) => a + b, 0);
      const busy = machineAfter.busy - machineBefore.busy;
      return { seconds, byGroup, systemByGroup, others: Math.max(0, busy - ours), cores: cpus().length };
    },
  };
};

/** This process (the load generator). */
export const selfPids = async (): Promise<readonly number[]> => [process.pid];
