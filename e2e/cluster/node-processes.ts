import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** One of the node's processes, as recorded for a teardown (possibly by a later run). */
export type RecordedProcess = { name: string; pid: number; cmdline: string };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const cmdlineOf = (pid: number): string | undefined => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ").trim();
  } catch {
    return undefined;
  }
};

/** Alive and not a zombie (an exited child not yet reaped counts as gone). */
const alive = (pid: number): boolean => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
};

const signal = (pid: number, sig: NodeJS.Signals) => {
  try {
    process.kill(pid, sig);
  } catch {
    // Gone already.
  }
};

/** Records the node's processes (pid and command line) in `file`. */
export const writeProcessRecord = (file: string, processes: readonly RecordedProcess[]): void => {
  writeFileSync(file, JSON.stringify(processes, null, 2));
};

export const readProcessRecord = (file: string): RecordedProcess[] =>
  existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as RecordedProcess[]) : [];

/** A recorded process still running as itself (a recycled pid runs something else). */
const stillOurs = (p: RecordedProcess) => alive(p.pid) && cmdlineOf(p.pid) === p.cmdline;

/** SIGTERM, then SIGKILL after `graceMs`; resolves when all are gone or `deadlineMs` passed. */
export const stopPids = async (pids: readonly number[], graceMs: number, deadlineMs = graceMs + 5_000) => {
  for (const pid of pids) signal(pid, "SIGTERM");
  const start = Date.now();
  let killed = false;
  while (pids.some(alive) && Date.now() - start < deadlineMs) {
    if (!killed && Date.now() - start >= graceMs) {
      for (const pid of pids) signal(pid, "SIGKILL");
      killed = true;
    }
    await sleep(50);
  }
  const left = pids.filter(alive);
  if (left.length > 0) throw new Error(`node teardown: processes ${left.join(", ")} did not exit`);
};

/** Stops the recorded processes named `names` (all when omitted) that still run as themselves. */
export const stopRecorded = async (
  record: readonly RecordedProcess[],
  names: readonly string[] | undefined,
  graceMs: number,
) => {
  const chosen = record.filter((p) => (names ? names.includes(p.name) : true) && stillOurs(p));
  await stopPids(
    chosen.map((p) => p.pid),
    graceMs,
  );
};

/** Every process in a cgroup folder or below it, in every v1 hierarchy: the pods' processes. */
const pidsInCgroups = (relativeDirs: readonly string[]): number[] => {
  const found = new Set<number>();
  const walk = (dir: string) => {
    try {
      for (const line of readFileSync(join(dir, "cgroup.procs"), "utf8").split("\n")) {
        if (line.trim()) found.add(Number(line));
      }
      for (const entry of readdirSync(dir)) if (statSync(join(dir, entry)).isDirectory()) walk(join(dir, entry));
    } catch {
      // Removed meanwhile, or not a cgroup folder.
    }
  };
  for (const rel of relativeDirs) walk(join("/sys/fs/cgroup", rel));
  return [...found];
};

/**
 * Kills the containers' processes (everything in the cgroups the node created) and the
 * containerd shims serving `containerdSocket` (found by their command line). Shims outlive
 * containerd by design, and containers outlive their shim, so both are hunted down by id.
 */
export const killContainers = async (newCgroups: readonly string[], containerdSocket: string) => {
  const shims = readdirSync("/proc")
    .filter((e) => /^\d+$/.test(e))
    .map(Number)
    .filter((pid) => {
      const cmd = cmdlineOf(pid);
      return cmd?.includes("containerd-shim") && cmd.includes(containerdSocket);
    });
  const containers = pidsInCgroups(newCgroups).filter((pid) => pid !== process.pid);
  for (const pid of containers) signal(pid, "SIGKILL");
  await stopPids([...containers, ...shims], 0, 10_000);
};

/**
 * Deletes the sockets of this containerd's shims from /run/containerd/s, which a killed shim
 * leaves behind. containerd 1.6 names each `sha256(<containerd socket>/<namespace>/<task id>)`
 * in that fixed folder, shared with any other containerd on the machine, so only the names
 * of this node's tasks (the folders of its task state) are removed.
 */
export const removeShimSockets = (containerdSocket: string, containerdState: string) => {
  const tasks = join(containerdState, "io.containerd.runtime.v2.task", "k8s.io");
  let ids: string[] = [];
  try {
    ids = readdirSync(tasks);
  } catch {
    return;
  }
  for (const id of ids) {
    const name = createHash("sha256")
      .update(join(containerdSocket, "k8s.io", id))
      .digest("hex");
    rmSync(join("/run/containerd/s", name), { force: true });
  }
};
