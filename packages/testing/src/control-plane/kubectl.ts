import { execFile } from "node:child_process";

/** What a kubectl run printed and how it exited. */
export type KubectlResult = { stdout: string; stderr: string; code: number };

/** Runs `kubectl --kubeconfig <path> ...args`, feeding `input` on stdin (for `apply -f -`). */
export const runKubectl = (
  bin: string,
  kubeconfigPath: string,
  args: readonly string[],
  input?: string,
): Promise<KubectlResult> =>
  new Promise((resolve) => {
    const child = execFile(
      bin,
      ["--kubeconfig", kubeconfigPath, ...args],
      { maxBuffer: 32 * 1024 * 1024, timeout: 120_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ stdout, stderr, code });
      },
    );
    child.stdin?.end(input ?? "");
  });
