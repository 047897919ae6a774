import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";

/** A held machine-wide lock; `release()` lets the next waiter in. */
export type MachineLock = { release(): Promise<void> };

/**
 * Takes an exclusive flock(1) on `path`, waiting at most `timeoutMs`. The lock is held by a
 * `flock` child that reads its stdin: when this process dies, however abruptly, the pipe
 * closes, the child exits and the kernel drops the lock, so a crashed test never wedges
 * the machine.
 */
export const acquireMachineLock = async (path: string, timeoutMs: number): Promise<MachineLock> => {
  mkdirSync(dirname(path), { recursive: true });
  const seconds = String(Math.max(1, Math.ceil(timeoutMs / 1000)));
  const child = spawn("flock", ["--exclusive", "--timeout", seconds, path, "sh", "-c", "echo locked; read _"], {
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  const locked = new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("locked")) resolve();
    });
    child.once("exit", (code) =>
      reject(new Error(`machine lock ${path}: not taken within ${timeoutMs} ms (flock exit ${code}) ${stderr}`)),
    );
    child.once("error", reject);
  });
  await locked;
  // Held for as long as the node runs; it must not keep the test process alive by itself.
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr])
    (stream as unknown as { unref?: () => void }).unref?.();
  return {
    release: async () => {
      if (child.exitCode !== null) return;
      // Waiting for its exit must keep this process alive (it was unref'd while held).
      child.ref();
      const exited = once(child, "exit");
      child.stdin.end();
      await exited;
    },
  };
};
