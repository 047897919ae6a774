/**
 * For a deployable's start-up, after its environment is parsed: waits for the connection
 * checks (`checkPostgres`, `checkRedis`, each resolving to undefined or one line naming
 * host:port and the cause) and, if any failed, prints one line per failure and exits
 * non-zero, so a pod crash-loops with the reason rather than a driver's stack trace.
 */
export const exitUnlessReachable = async (service: string, checks: Promise<string | undefined>[]): Promise<void> => {
  const problems = (await Promise.all(checks)).filter((p) => p !== undefined);
  if (problems.length === 0) return;
  for (const problem of problems) process.stderr.write(`${service}: cannot start: ${problem}\n`);
  process.exit(1);
};
