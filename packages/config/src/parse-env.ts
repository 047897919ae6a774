import type { z } from "zod";

/** One bad environment variable and why. */
export type EnvIssue = { key: string; message: string };

export class EnvError extends Error {
  override name = "EnvError";
  readonly issues: EnvIssue[];
  constructor(service: string, issues: EnvIssue[]) {
    super(`${service}: invalid environment\n${issues.map((i) => `  ${i.key}: ${i.message}`).join("\n")}`);
    this.issues = issues;
  }
}

/**
 * Parses `env` with `schema`, collecting every bad key (not just the first) into one
 * EnvError. Pure: tests call it with a literal object.
 */
export const parseEnv = <S extends z.ZodType>(
  service: string,
  schema: S,
  env: Record<string, string | undefined>,
): z.infer<S> => {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  throw new EnvError(
    service,
    result.error.issues.map((i) => ({ key: i.path.join(".") || "(env)", message: i.message })),
  );
};

/**
 * For a deployable's `env.ts`: parse once at start-up; on failure print every bad key
 * and exit non-zero, so a pod crash-loops with a readable reason instead of failing later.
 */
export const loadEnvOrExit = <S extends z.ZodType>(
  service: string,
  schema: S,
  env: Record<string, string | undefined>,
): z.infer<S> => {
  try {
    return parseEnv(service, schema, env);
  } catch (e) {
    if (!(e instanceof EnvError)) throw e;
    process.stderr.write(`${e.message}\n`);
    process.exit(1);
  }
};
