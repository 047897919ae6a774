import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";

/** The repository root: children run from there so `scripts/node.sh` and relative paths resolve. */
export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

export type ChildServer = { name: string; url: string; pid: number; stop: () => Promise<void> };

const waitUntilUp = async (child: ChildProcess, url: string, timeoutMs: number): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode} before answering`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
};

/**
 * Starts `script` (relative to the repo root, or `root`) in its own Node process via scripts/node.sh,
 * which `exec`s node, so the pid we signal is the server itself. Resolves once `readyPath`
 * answers 2xx. Output goes to our stderr so crashes are visible.
 */
export const startChildServer = async (opts: {
  name: string;
  script: string;
  port: number;
  env: Record<string, string>;
  readyPath: string;
  /** Another checkout of the repository to run `script` from (to compare two versions). @default REPO_ROOT */
  root?: string;
}): Promise<ChildServer> => {
  const child = spawn("sh", ["scripts/node.sh", opts.script], {
    cwd: opts.root ?? REPO_ROOT,
    env: { ...process.env, ...opts.env, PORT: String(opts.port) },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const url = `http://127.0.0.1:${opts.port}`;
  try {
    await waitUntilUp(child, `${url}${opts.readyPath}`, 30_000);
  } catch (e) {
    child.kill("SIGKILL");
    throw e;
  }
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    // autocannon drops its sockets mid-request when time is up; let those handlers finish
    // before SIGTERM so shutdown doesn't close the pool under them and log spurious errors.
    await new Promise((r) => setTimeout(r, 1_000));
    const exited = once(child, "exit");
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  };
  return { name: opts.name, url, pid: child.pid!, stop };
};
