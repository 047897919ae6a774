import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { eventually, freePort } from "@fincoach/testing";

const root = join(import.meta.dirname, "../../../../..");

/**
 * The API as production runs it (services/api/src/main.ts in a process of its own) on a
 * free port, ready once /readyz answers 200. `stop()` sends SIGTERM and resolves with the
 * exit code.
 */
export const startApiProcess = async (env: Record<string, string>) => {
  const port = await freePort();
  const child: ChildProcess = spawn("sh", [join(root, "scripts/node.sh"), join(root, "services/api/src/main.ts")], {
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      PORT: String(port),
      HOST: "127.0.0.1",
      METRICS_PORT: "0",
      LOG_LEVEL: "warn",
      CATEGORY_SETTLE_INTERVAL_SECONDS: "0",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  await eventually(async () => {
    if (child.exitCode !== null) throw new Error(`api exited ${child.exitCode}:\n${output}`);
    const res = await fetch(`${url}/readyz`);
    if (res.status !== 200) throw new Error(`readyz ${res.status}`);
  }, 60_000);
  return {
    url,
    output: () => output,
    stop: async (): Promise<number | null> => {
      if (child.exitCode === null) child.kill("SIGTERM");
      return exited;
    },
  };
};
export type ApiProcess = Awaited<ReturnType<typeof startApiProcess>>;
