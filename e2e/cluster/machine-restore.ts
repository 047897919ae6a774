import { execFile } from "node:child_process";
import { readdirSync, readFileSync, rmdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { hostPathPresent, type MachineSnapshot, normalizeRules, takeSnapshot } from "./machine-snapshot.ts";
import { BRIDGE, HOST_PATHS } from "./node-layout.ts";

const run = promisify(execFile);

/** Cgroups the node made: the kubelet's pod hierarchy (`kubepods` in every v1 hierarchy). */
export const nodeCgroups = (before: MachineSnapshot, now: MachineSnapshot): string[] =>
  now.cgroups.filter((c) => c.includes("kubepods") && !before.cgroups.includes(c));

/** Mount points the node made: under its own folder or the host paths its components use. */
const nodeMounts = (before: MachineSnapshot, now: MachineSnapshot, root: string): string[] => {
  const ours = [root, ...HOST_PATHS];
  return now.mounts.filter(
    (m) => !before.mounts.includes(m) && ours.some((prefix) => m === prefix || m.startsWith(`${prefix}/`)),
  );
};

const unmountAll = async (mounts: readonly string[]) => {
  // Deepest first; a mount that is busy still goes (lazily) so its folder can be deleted.
  for (const m of [...mounts].sort((a, b) => b.length - a.length)) {
    await run("umount", [m]).catch(() => run("umount", ["-l", m]).catch(() => undefined));
  }
};

/** Folders of a cgroup subtree, deepest first (a cgroup folder is removed with rmdir only). */
const subtree = (dir: string): string[] => {
  let children: string[] = [];
  try {
    children = readdirSync(dir)
      .map((e) => join(dir, e))
      .filter((p) => statSync(p).isDirectory());
  } catch {
    return [];
  }
  return [...children.flatMap(subtree), dir];
};

const restoreIptables = async (command: "iptables" | "ip6tables", beforeRaw: string, beforeNormalized: string) => {
  const current = (await run(`${command}-save`, [], { maxBuffer: 64 * 1024 * 1024 })).stdout;
  if (normalizeRules(current) === beforeNormalized) return;
  const tablesBefore = new Set([...beforeRaw.matchAll(/^\*(\S+)/gm)].map((m) => m[1]));
  // Tables that existed are put back exactly as they were; the others are emptied.
  if (tablesBefore.size > 0) {
    const child = execFile(`${command}-restore`);
    child.stdin?.end(beforeRaw);
    await new Promise<void>((resolve, reject) =>
      child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${command}-restore exited ${code}`)))),
    );
  }
  for (const [, table] of current.matchAll(/^\*(\S+)/gm)) {
    if (!table || tablesBefore.has(table)) continue;
    await run(command, ["-t", table, "-F"]);
    await run(command, ["-t", table, "-X"]);
    // Policies back to ACCEPT, the default of a table nothing had touched.
    const chains = [...current.matchAll(new RegExp(`^\\*${table}\\n((?::.*\\n)*)`, "gm"))][0]?.[1] ?? "";
    for (const [, chain, policy] of chains.matchAll(/^:(\S+) (\S+)/gm)) {
      if (chain && policy && policy !== "-" && policy !== "ACCEPT")
        await run(command, ["-t", table, "-P", chain, "ACCEPT"]);
    }
  }
};

/**
 * Puts back what a node changed since `before` (its processes must be gone already):
 * unmounts its mounts, deletes its links, restores iptables and sysctls, removes its cgroups
 * and the host paths that did not exist. Only what the node could have made is touched.
 */
export const restoreMachine = async (before: MachineSnapshot, root: string): Promise<void> => {
  const now = await takeSnapshot();
  await unmountAll(nodeMounts(before, now, root));
  for (const link of now.links.filter((l) => !before.links.includes(l))) {
    if (link === BRIDGE || link.startsWith("veth")) await run("ip", ["link", "delete", link]).catch(() => undefined);
  }
  // Checked again after a pause and put back once more if something rewrote the rules
  // meanwhile: seen once in CI, where kube-proxy's whole rule set was back after the restore
  // (a sync of its still in flight). Bounded: a writer that never stops is still reported.
  for (let attempt = 0; attempt < 5; attempt++) {
    await restoreIptables("iptables", before.iptablesRaw.v4, before.iptables.v4);
    await restoreIptables("ip6tables", before.iptablesRaw.v6, before.iptables.v6);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const again = await takeSnapshot();
    if (again.iptables.v4 === before.iptables.v4 && again.iptables.v6 === before.iptables.v6) break;
  }
  for (const [key, value] of Object.entries(before.sysctls)) {
    if (now.sysctls[key] === value) continue;
    try {
      writeFileSync(`/proc/sys/${key.replaceAll(".", "/")}`, value);
    } catch {
      // Read-only keys cannot have been changed by the node either.
    }
  }
  for (const cgroup of nodeCgroups(before, now)) {
    for (const dir of subtree(join("/sys/fs/cgroup", cgroup))) {
      try {
        rmdirSync(dir);
      } catch {
        // Removed with its parent's subtree already, or still in use (reported by the check).
      }
    }
  }
  // Another containerd on the machine (a test's own) shares /run/containerd: leave it alone.
  const otherContainerd = readdirSync("/proc").some((e) => {
    try {
      return /^\d+$/.test(e) && readFileSync(`/proc/${e}/cmdline`, "utf8").split("\0")[0]?.includes("containerd");
    } catch {
      return false;
    }
  });
  for (const path of HOST_PATHS) {
    if (path === "/run/containerd" && otherContainerd) continue;
    if (before.paths[path] === false && hostPathPresent(path)) {
      await unmountAll(nodeMounts(before, await takeSnapshot(), root).filter((m) => m.startsWith(path)));
      rmSync(path, { recursive: true, force: true });
    }
  }
};
