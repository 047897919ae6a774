import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const BUILD_SCRIPT = join(import.meta.dirname, "../../scripts/node-cluster/build.sh");
const NAMES = ["kubelet", "kube-scheduler", "kube-proxy", "coredns", "metrics-server"] as const;
/** Debian's: containerd (and its `ctr`), runc, the CNI plugins, iptables, conntrack. */
const HOST_TOOLS = [
  "/usr/bin/containerd",
  "/usr/bin/ctr",
  "/usr/sbin/runc",
  "/usr/lib/cni/bridge",
  "/usr/lib/cni/host-local",
  "/usr/lib/cni/portmap",
  "/usr/sbin/conntrack",
];

let cached: Promise<string> | undefined;

/**
 * The folder with kubelet, kube-scheduler, kube-proxy, coredns and metrics-server:
 * `FINCOACH_NODE_BIN` when set, else what scripts/node-cluster/build.sh prints (at once
 * when its cache is warm; a cold build takes several minutes, see README.md).
 */
export const nodeBinDir = (): Promise<string> => {
  cached ??= locate().catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
};

const locate = async (): Promise<string> => {
  const missingTools = HOST_TOOLS.filter((p) => !existsSync(p));
  if (missingTools.length > 0) {
    throw new Error(
      `node: ${missingTools.join(", ")} missing (apt-get install containerd runc containernetworking-plugins conntrack iptables)`,
    );
  }
  const dir = process.env.FINCOACH_NODE_BIN ?? (await fromBuildScript());
  const missing = NAMES.filter((name) => !existsSync(join(dir, name)));
  if (missing.length > 0) throw new Error(`node: ${missing.join(", ")} missing in ${dir}`);
  return dir;
};

const fromBuildScript = async (script = BUILD_SCRIPT): Promise<string> => {
  const { stdout } = await run("bash", [script], { maxBuffer: 64 * 1024 * 1024, timeout: 60 * 60 * 1000 });
  const dir = stdout.trim().split("\n").at(-1)?.trim();
  if (!dir) throw new Error(`node: ${script} printed no bin directory`);
  return dir;
};

let ingressCached: Promise<string> | undefined;

/** The folder with traefik, the node's ingress controller: what scripts/ingress/build.sh prints. */
export const ingressBinDir = (): Promise<string> => {
  ingressCached ??= fromBuildScript(join(import.meta.dirname, "../../scripts/ingress/build.sh")).catch(
    (error: unknown) => {
      ingressCached = undefined;
      throw error;
    },
  );
  return ingressCached;
};
