import { chmod, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** A static bearer token the apiserver knows (`--token-auth-file`), for exec plugins to hand out. */
export type StaticToken = { token: string; user: string; uid?: string; groups?: readonly string[] };

/**
 * Writes kube-apiserver's `--token-auth-file` (CSV: token,user,uid,"groups") into `dir` and
 * returns the flag to start the control plane with.
 */
export const tokenAuthFlag = async (dir: string, tokens: readonly StaticToken[]): Promise<string> => {
  const path = join(dir, "tokens.csv");
  const lines = tokens.map((t) => `${t.token},${t.user},${t.uid ?? t.user},"${(t.groups ?? []).join(",")}"`);
  await writeFile(path, `${lines.join("\n")}\n`, { mode: 0o600 });
  return `--token-auth-file=${path}`;
};

/**
 * Writes an exec credential plugin into `dir`: a shell script that prints an ExecCredential
 * (client.authentication.k8s.io/v1) holding `token`, and appends a line to `<name>.calls`
 * each time it runs, so a test can count the runs. Returns the script's and the count
 * file's paths.
 */
export const writeExecPlugin = async (
  dir: string,
  name: string,
  token: string,
): Promise<{ command: string; calls: string }> => {
  const command = join(dir, `${name}.sh`);
  const calls = join(dir, `${name}.calls`);
  const credential = JSON.stringify({
    apiVersion: "client.authentication.k8s.io/v1",
    kind: "ExecCredential",
    status: { token },
  });
  await writeFile(command, `#!/bin/sh\necho run >> '${calls}'\ncat <<'JSON'\n${credential}\nJSON\n`);
  await chmod(command, 0o755);
  return { command, calls };
};

/** One kubeconfig document, written to `path` (mode 0600) as JSON, which is also YAML. */
export const writeKubeconfigDocument = async (path: string, document: object): Promise<string> => {
  await writeFile(path, JSON.stringify(document, null, 2), { mode: 0o600 });
  return path;
};
