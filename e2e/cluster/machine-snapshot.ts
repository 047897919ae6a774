import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { HOST_PATHS } from "./node-layout.ts";

const run = promisify(execFile);

/**
 * What a node changes on the machine, as it was at one moment: what the teardown restores
 * and what the test compares before the node started and after it was torn down.
 */
export type MachineSnapshot = {
  /** `iptables-save` and `ip6tables-save`, normalized (see normalizeRules). */
  iptables: { v4: string; v6: string };
  /** The same dumps as taken, for iptables-restore. */
  iptablesRaw: { v4: string; v6: string };
  links: string[];
  routes: string[];
  mounts: string[];
  sysctls: Record<string, string>;
  /** Which of HOST_PATHS existed (see hostPathPresent). */
  paths: Record<string, boolean>;
  /** The top cgroup folders of every v1 hierarchy (the kubelet makes `kubepods` there). */
  cgroups: string[];
};

/** Keys that move by themselves (counters, ids) or belong to one network interface. */
const VOLATILE_SYSCTL =
  /^(fs\.(dentry-state|file-nr|inode-nr|inode-state|aio-nr|quota\.)|kernel\.(ns_last_pid|random\.|pty\.nr)|net\.netfilter\.nf_conntrack_count|net\.ipv[46]\.(conf|neigh)\.(?!all\.|default\.))/;

/**
 * iptables dumps without what does not change the rules: comments (a timestamp), packet
 * counters, and tables that hold nothing (the nft backend keeps a table once any chain of it
 * was touched, with no way to delete it through iptables; empty with ACCEPT policies, it
 * filters nothing, exactly as when it was absent).
 */
export const normalizeRules = (dump: string): string => {
  const tables = dump
    .split("\n")
    .filter((line) => line.trim() !== "" && !line.startsWith("#"))
    .map((line) => line.replace(/\s\[\d+:\d+\]$/, ""))
    .join("\n")
    .split(/^(?=\*)/m);
  return tables
    .filter((table) => {
      const lines = table.trim().split("\n");
      const meaningful = lines.filter((l) => !l.startsWith("*") && l !== "COMMIT");
      return !meaningful.every((l) => /^:(PREROUTING|INPUT|FORWARD|OUTPUT|POSTROUTING) ACCEPT$/.test(l));
    })
    .join("")
    .trim();
};

const lines = (text: string) =>
  text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);

const readSysctls = async (): Promise<Record<string, string>> => {
  // Exit code 255 when some keys cannot be read (permission): the readable ones are printed.
  const { stdout } = await run("sysctl", ["-a"], { maxBuffer: 16 * 1024 * 1024 }).catch(
    (error: { stdout?: string }) => ({ stdout: error.stdout ?? "" }),
  );
  const result: Record<string, string> = {};
  for (const line of lines(stdout)) {
    const at = line.indexOf(" = ");
    if (at < 0) continue;
    const key = line.slice(0, at);
    if (!VOLATILE_SYSCTL.test(key)) result[key] = line.slice(at + 3);
  }
  return result;
};

// One level deep: the kubelet makes `kubepods` at the top of every hierarchy (the pods'
// cgroups are below it), while deeper folders of other tenants of the machine come and go.
const cgroupDirs = (): string[] => {
  const root = "/sys/fs/cgroup";
  const dirsIn = (dir: string) => {
    try {
      return readdirSync(dir).filter((e) => statSync(join(dir, e)).isDirectory());
    } catch {
      return [];
    }
  };
  return dirsIn(root).flatMap((hierarchy) => dirsIn(join(root, hierarchy)).map((first) => `${hierarchy}/${first}`));
};

/**
 * Whether a host path is there as the node would leave it. /run/containerd is shared by every
 * containerd on the machine (its shim sockets' folder is fixed): holding anything besides the
 * shim socket folder `s` (a `runc` or `fifo` folder: the node keeps its runc state in its own
 * folder and runs no `ctr` task), it belongs to another containerd, such as a test's own.
 */
export const hostPathPresent = (path: string): boolean => {
  if (!existsSync(path)) return false;
  if (path !== "/run/containerd") return true;
  return readdirSync(path).every((entry) => entry === "s");
};

const save = async (command: string) => (await run(command, [], { maxBuffer: 64 * 1024 * 1024 })).stdout;

/** Reads the machine's current state (iptables, links, routes, mounts, sysctls, paths, cgroups). */
export const takeSnapshot = async (): Promise<MachineSnapshot> => {
  const [v4, v6, links, routes4, routes6, sysctls] = await Promise.all([
    save("iptables-save"),
    save("ip6tables-save"),
    run("ip", ["-o", "link", "show"]),
    run("ip", ["route", "show", "table", "all"]),
    run("ip", ["-6", "route", "show", "table", "all"]),
    readSysctls(),
  ]);
  return {
    iptables: { v4: normalizeRules(v4), v6: normalizeRules(v6) },
    iptablesRaw: { v4, v6 },
    // "4: eth0: <...>": the name, without an `@peer` suffix.
    links: lines(links.stdout)
      .map((l) => l.split(":")[1]?.trim().split("@")[0] ?? "")
      .sort(),
    routes: [...lines(routes4.stdout), ...lines(routes6.stdout)].sort(),
    mounts: lines(readFileSync("/proc/self/mountinfo", "utf8"))
      .map((l) => l.split(" ")[4] ?? "")
      .sort(),
    sysctls,
    paths: Object.fromEntries(HOST_PATHS.map((p) => [p, hostPathPresent(p)])),
    cgroups: cgroupDirs().sort(),
  };
};

const setDiff = (label: string, before: readonly string[], after: readonly string[]): string[] => {
  const b = new Set(before);
  const a = new Set(after);
  return [
    ...after.filter((x) => !b.has(x)).map((x) => `${label} added: ${x}`),
    ...before.filter((x) => !a.has(x)).map((x) => `${label} removed: ${x}`),
  ];
};

/** Every difference between two snapshots, one line each; empty when the machine is as it was. */
export const diffSnapshots = (before: MachineSnapshot, after: MachineSnapshot): string[] => {
  const sysctlKeys = [...new Set([...Object.keys(before.sysctls), ...Object.keys(after.sysctls)])].sort();
  return [
    ...(before.iptables.v4 === after.iptables.v4 ? [] : [`iptables differ:\n${after.iptables.v4}`]),
    ...(before.iptables.v6 === after.iptables.v6 ? [] : [`ip6tables differ:\n${after.iptables.v6}`]),
    ...setDiff("link", before.links, after.links),
    ...setDiff("route", before.routes, after.routes),
    ...setDiff("mount", before.mounts, after.mounts),
    ...sysctlKeys
      .filter((k) => before.sysctls[k] !== after.sysctls[k])
      .map((k) => `sysctl ${k}: ${before.sysctls[k] ?? "(absent)"} -> ${after.sysctls[k] ?? "(absent)"}`),
    ...Object.keys(before.paths)
      .filter((p) => before.paths[p] !== after.paths[p])
      .map((p) => `path ${p}: existed ${before.paths[p]} -> ${after.paths[p]}`),
    ...setDiff("cgroup", before.cgroups, after.cgroups),
  ];
};
