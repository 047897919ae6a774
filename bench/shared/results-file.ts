import { mkdir, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

/** bench/results/ (gitignored): one JSON file per run, for reference next to the README table. */
const RESULTS_DIR = fileURLToPath(new URL("../results/", import.meta.url));

/** Writes `data`, with the command line that produced it, to bench/results/<name>-<timestamp>.json. */
export const writeResults = async (name: string, data: object): Promise<string> => {
  await mkdir(RESULTS_DIR, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const path = `${RESULTS_DIR}${name}-${stamp}.json`;
  const command = `npm run bench:${name}${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(" ")}` : ""}`;
  const json = JSON.stringify({ command, ...data }, (_k, v) => (typeof v === "bigint" ? v.toString() : v), 2);
  await writeFile(path, `${json}\n`);
  return path;
};
