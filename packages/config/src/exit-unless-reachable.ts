import { setTimeout as sleep } from "node:timers/promises";
import { TEMPORARY_DNS_FAILURE } from "./socket-cause.ts";

/** One connection check: undefined when reachable, else one line naming host:port and the cause. */
export type ReachabilityCheck = () => Promise<string | undefined>;

export type WaitOptions = {
  /** How long a check failing with a temporary DNS failure is asked again. @default 60000 */
  transientForMs?: number;
  /** The pause between two asks. @default 2000 */
  pauseMs?: number;
};

/**
 * Runs the checks and resolves their problems (empty: all reachable). A check whose lookup
 * failed with EAI_AGAIN ("try again", e.g. cluster DNS still starting beside a fresh pod) is
 * asked again for a while, since one such answer would otherwise cost a pod a crash-loop
 * back-off of up to five minutes; a refusal, an unknown host or bad credentials are final.
 */
export const waitUntilReachable = async (
  checks: readonly ReachabilityCheck[],
  { transientForMs = 60_000, pauseMs = 2_000 }: WaitOptions = {},
): Promise<string[]> => {
  const deadline = Date.now() + transientForMs;
  const results = await Promise.all(
    checks.map(async (check) => {
      for (;;) {
        const problem = await check();
        if (problem === undefined || !problem.endsWith(TEMPORARY_DNS_FAILURE) || Date.now() >= deadline) return problem;
        await sleep(pauseMs);
      }
    }),
  );
  return results.filter((p) => p !== undefined);
};

/**
 * For a deployable's start-up, after its environment is parsed: waits for the connection
 * checks (`() => checkPostgres(url)`, `() => checkRedis(url)`; see waitUntilReachable) and,
 * if any failed, prints one line per failure and exits non-zero, so a pod crash-loops with
 * the reason rather than a driver's stack trace.
 */
export const exitUnlessReachable = async (
  service: string,
  checks: readonly ReachabilityCheck[],
  options?: WaitOptions,
): Promise<void> => {
  const problems = await waitUntilReachable(checks, options);
  if (problems.length === 0) return;
  for (const problem of problems) process.stderr.write(`${service}: cannot start: ${problem}\n`);
  process.exit(1);
};
