import { readdir, readFile } from "node:fs/promises";

/** The PostgreSQL server's processes on this machine (postmaster, backends, background workers), from /proc. */
export const postgresPids = async (): Promise<number[]> => {
  const pids: number[] = [];
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const comm = (await readFile(`/proc/${entry}/comm`, "utf8")).trim();
      if (comm === "postgres" || comm.startsWith("postgres:")) pids.push(Number(entry));
    } catch {
      // gone since readdir
    }
  }
  return pids;
};
