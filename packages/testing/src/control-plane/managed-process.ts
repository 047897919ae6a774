import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";

/** A child process whose output goes to a log file, and which never keeps the test process alive. */
export type ManagedProcess = {
  readonly child: ChildProcess;
  readonly logPath: string;
  /** Resolves when the process has exited. */
  readonly exited: Promise<number | null>;
  hasExited(): boolean;
  /** The last lines of its log, for error messages. */
  logTail(lines?: number): string;
};

/** Spawns `bin args`, appending stdout and stderr to `logPath`. */
export const startProcess = (bin: string, args: readonly string[], logPath: string): ManagedProcess => {
  const fd = openSync(logPath, "a");
  const child = spawn(bin, args, { stdio: ["ignore", fd, fd] });
  closeSync(fd);
  child.unref();
  let done = false;
  const exited = new Promise<number | null>((resolve) => {
    child.once("exit", (code) => {
      done = true;
      resolve(code);
    });
    child.once("error", () => {
      done = true;
      resolve(null);
    });
  });
  return {
    child,
    logPath,
    exited,
    hasExited: () => done,
    logTail: (lines = 30) => {
      try {
        return readFileSync(logPath, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
      } catch {
        return "";
      }
    },
  };
};

/** SIGTERM, then SIGKILL if it has not exited after `graceMs`; resolves once it is gone. */
export const stopProcess = async (proc: ManagedProcess, graceMs = 10_000): Promise<void> => {
  if (proc.hasExited()) return;
  // Unref'd, the child would not keep this process alive until its exit event, once the
  // SIGKILL timer has fired (a script awaiting stop() would just end there).
  proc.child.ref();
  proc.child.kill("SIGTERM");
  const timer = setTimeout(() => proc.child.kill("SIGKILL"), graceMs);
  await proc.exited;
  clearTimeout(timer);
};
