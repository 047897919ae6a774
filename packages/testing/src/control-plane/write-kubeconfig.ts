import { readFile, writeFile } from "node:fs/promises";
import { KubeConfig } from "@kubernetes/client-node";
import type { CertFiles } from "./certificates.ts";

const b64 = async (path: string) => (await readFile(path)).toString("base64");

/**
 * Writes a self-contained kubeconfig (certificates embedded) for `user` at `path` and
 * returns it loaded as a client-node KubeConfig.
 */
export const writeKubeconfig = async (
  path: string,
  options: { server: string; caCert: string; client: CertFiles; user: string },
): Promise<KubeConfig> => {
  const text = [
    "apiVersion: v1",
    "kind: Config",
    "clusters:",
    "- name: fincoach-test",
    "  cluster:",
    `    server: ${options.server}`,
    `    certificate-authority-data: ${await b64(options.caCert)}`,
    "users:",
    `- name: ${JSON.stringify(options.user)}`,
    "  user:",
    `    client-certificate-data: ${await b64(options.client.cert)}`,
    `    client-key-data: ${await b64(options.client.key)}`,
    "contexts:",
    "- name: fincoach-test",
    "  context:",
    "    cluster: fincoach-test",
    `    user: ${JSON.stringify(options.user)}`,
    "    namespace: default",
    "current-context: fincoach-test",
    "",
  ].join("\n");
  await writeFile(path, text, { mode: 0o600 });
  const kc = new KubeConfig();
  kc.loadFromFile(path);
  return kc;
};
