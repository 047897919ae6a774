import { readdir, readFile } from "node:fs/promises";

/**
 * This process and every process under it (etcd, kube-apiserver, the operator, kubectl),
 * from /proc's parent ids: what the benchmark itself runs, so the CPU everything else on
 * the shared machine used in the same window can be told apart.
 */
export const benchPids = async (): Promise<readonly number[]> => {
  const parents = new Map<number, number>();
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, "utf8");
      // The 4th field (after the parenthesised command name, which may contain spaces) is the parent.
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      parents.set(Number(entry), ppid);
    } catch {
      // gone between readdir and readFile
    }
  }
  const ours = new Set([process.pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, ppid] of parents)
      if (!ours.has(pid) && ours.has(ppid)) {
        ours.add(pid);
        grew = true;
      }
  }
  return [...ours];
};
