import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
/** Debian's `prometheus` package (.ci/run installs it); PROMTOOL overrides the path. */
const PROMTOOL = process.env.PROMTOOL ?? "/usr/bin/promtool";

export type PromtoolResult = { ok: boolean; output: string };

/**
 * Writes `files` into a fresh temporary folder, runs promtool with `args(dir)` there, and
 * removes the folder. Resolves (never rejects) with whether promtool exited 0 and all it said.
 */
export const promtool = async (
  files: Record<string, string>,
  args: (dir: string) => string[],
): Promise<PromtoolResult> => {
  const dir = await mkdtemp(join(tmpdir(), "fincoach-promtool-"));
  try {
    for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
    return await run(PROMTOOL, args(dir), { cwd: dir }).then(
      ({ stdout, stderr }) => ({ ok: true, output: `${stdout}${stderr}` }),
      (e: { stdout?: string; stderr?: string; message: string }) => ({
        ok: false,
        output: `${e.stdout ?? ""}${e.stderr ?? ""}${e.message}`,
      }),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};
