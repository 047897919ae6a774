import { execFile } from "node:child_process";

export type KubectlResult = { code: number; stdout: string; stderr: string };

/**
 * Runs `kubectl args` against the node with `kubeconfig`; never rejects on a non-zero exit
 * (the caller decides), only when it could not run at all. `input` goes to its stdin.
 */
export const runKubectl = (
  kubectlBin: string,
  kubeconfig: string,
  args: readonly string[],
  o: { input?: string; timeoutMs?: number } = {},
): Promise<KubectlResult> =>
  new Promise((resolve, reject) => {
    const child = execFile(
      kubectlBin,
      [`--kubeconfig=${kubeconfig}`, ...args],
      { maxBuffer: 64 * 1024 * 1024, timeout: o.timeoutMs ?? 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        if (error && code === -1 && !stderr) reject(error);
        else resolve({ code, stdout, stderr });
      },
    );
    if (o.input !== undefined) child.stdin?.end(o.input);
  });

/** Like runKubectl, but a non-zero exit rejects with kubectl's stderr. */
export const kubectlOk = async (...a: Parameters<typeof runKubectl>): Promise<string> => {
  const result = await runKubectl(...a);
  if (result.code !== 0) throw new Error(`kubectl ${a[2].join(" ")} failed (${result.code}): ${result.stderr}`);
  return result.stdout;
};
