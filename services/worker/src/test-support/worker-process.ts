import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { eventually, freePort } from "@fincoach/testing";
import { KEYS_SPEC } from "./sync-fixture.ts";

export type WorkerProcess = {
  child: ChildProcess;
  /** The worker's health server (`/healthz`, `/readyz`, `/metrics`). */
  url: string;
  /** The exit code, once the process has exited. */
  exited: Promise<number | null>;
  /** With `capture`: what the process wrote, line by line (else it goes to the test's own output). */
  stdout: string[];
  stderr: string[];
};

const collectLines = (stream: NodeJS.ReadableStream | null, into: string[]) => {
  let rest = "";
  stream?.setEncoding("utf8");
  stream?.on("data", (chunk: string) => {
    const lines = (rest + chunk).split("\n");
    rest = lines.pop() ?? "";
    into.push(...lines);
  });
  stream?.on("end", () => {
    if (rest) into.push(rest);
  });
};

/**
 * A real worker process (main.ts) on the test's database, Redis prefix and sync queue, with
 * `env` on top; resolves once `/readyz` answers 200. The child joins `children`, so the test
 * file's `after` can SIGKILL whatever a failed test left running.
 */
export const startWorkerProcess = async (o: {
  databaseUrl: string;
  redisPrefix: string;
  syncQueue: string;
  children: Set<ChildProcess>;
  env?: Record<string, string>;
  /** Keep stdout and stderr (a test asserting what the worker logs) instead of passing them through. */
  capture?: boolean;
}): Promise<WorkerProcess> => {
  const port = await freePort();
  const child = spawn(process.execPath, [new URL("../main.ts", import.meta.url).pathname], {
    env: {
      PATH: process.env.PATH ?? "",
      DATABASE_URL: o.databaseUrl,
      REDIS_URL: process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379",
      REDIS_PREFIX: o.redisPrefix,
      CONNECTION_KEYS: KEYS_SPEC,
      SYNC_QUEUE: o.syncQueue,
      METRICS_PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "warn",
      // A killed worker's job is resumed elsewhere within a few seconds, not 30.
      SYNC_LOCK_DURATION_MS: "2000",
      ...o.env,
    },
    stdio: ["ignore", o.capture ? "pipe" : "inherit", o.capture ? "pipe" : "inherit"],
  });
  o.children.add(child);
  const stdout: string[] = [];
  const stderr: string[] = [];
  collectLines(child.stdout, stdout);
  collectLines(child.stderr, stderr);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  await eventually(async () => assert.equal((await fetch(`${url}/readyz`)).status, 200), 30_000);
  return { child, url, exited, stdout, stderr };
};
