import { spawn } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ManagedProcess } from "./managed-process.ts";

type Tracked = { dir: string; processes: () => ManagedProcess[] };
const live = new Set<Tracked>();
let hooked = false;

// A test that forgets stop() must not leave an apiserver behind: kill and delete on exit.
const onExit = () => {
  for (const tracked of live) {
    for (const proc of tracked.processes()) if (!proc.hasExited()) proc.child.kill("SIGKILL");
    rmSync(tracked.dir, { recursive: true, force: true });
  }
};

// When the test process is killed outright no exit handler runs: a detached shell waits for
// this process (or the directory) to go and then kills what the pids file names.
const WATCHDOG = `while kill -0 "$0" 2>/dev/null && [ -d "$1" ]; do sleep 1; done
if [ -d "$1" ]; then [ -f "$1/pids" ] && kill -9 $(cat "$1/pids") 2>/dev/null; rm -rf "$1"; fi`;

/** Tracks a control plane's temp dir and processes for cleanup if the process exits without stop(). */
export const trackForCleanup = (
  dir: string,
  processes: () => ManagedProcess[],
): { update: () => void; untrack: () => void } => {
  if (!hooked) {
    process.once("exit", onExit);
    hooked = true;
  }
  const tracked = { dir, processes };
  live.add(tracked);
  const watchdog = spawn("sh", ["-c", WATCHDOG, String(process.pid), dir], { detached: true, stdio: "ignore" });
  watchdog.unref();
  return {
    update: () => {
      const pids = processes().flatMap((p) => (p.child.pid && !p.hasExited() ? [p.child.pid] : []));
      writeFileSync(join(dir, "pids"), `${pids.join(" ")}\n`);
    },
    untrack: () => {
      live.delete(tracked);
    },
  };
};
