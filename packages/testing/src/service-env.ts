import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { EnvError } from "@fincoach/config";

const ROOT = join(import.meta.dirname, "../../..");

/**
 * Asserts `parse` refuses the environment with an EnvError naming `key` alone, in the one
 * line after the heading that a service prints before it exits (parseEnv's contract).
 */
export const assertOneKeyRefused = (parse: () => unknown, key: string): void => {
  assert.throws(parse, (e: unknown) => {
    assert.ok(e instanceof EnvError, String(e));
    assert.deepEqual(
      e.issues.map((i) => i.key),
      [key],
    );
    const lines = e.message.split("\n");
    assert.equal(lines.length, 2, "the heading and one line");
    assert.match(lines[1] ?? "", new RegExp(`^  ${key}: `));
    return true;
  });
};

/**
 * Starts a service's entry file (relative to the repository) with only `env` (plus PATH and
 * HOME) and resolves its exit code and stderr: how a start-up refusal is seen from outside.
 * A process still running after `deadlineMs` is killed, and its code then says so (null).
 */
export const runServiceMain = async (
  entry: string,
  env: Record<string, string>,
  deadlineMs = 60_000,
): Promise<{ code: number | null; stderr: string }> => {
  const child = spawn("sh", [join(ROOT, "scripts/node.sh"), join(ROOT, entry)], {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const deadline = setTimeout(() => child.kill("SIGKILL"), deadlineMs);
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  clearTimeout(deadline);
  return { code, stderr };
};
