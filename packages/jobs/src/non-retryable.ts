import { UnrecoverableError } from "bullmq";
import type { z } from "zod";

/**
 * A failure that retrying cannot fix (a payload that fails its schema, bad credentials, a
 * malformed file). BullMQ never retries an UnrecoverableError, whatever `attempts` says,
 * so processors throw this instead of letting a retry storm start.
 */
export class NonRetryable extends UnrecoverableError {
  /** A stable, machine-readable reason for the sync_jobs row and the logs (never a secret). */
  readonly reason: string;
  constructor(reason: string, message: string, options?: { cause?: unknown }) {
    super(message);
    // BullMQ recognizes it by name as well as by class.
    this.name = "UnrecoverableError";
    this.reason = reason;
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}

export const isNonRetryable = (e: unknown): e is NonRetryable => e instanceof NonRetryable;

/**
 * A job's data checked against its schema. Failing it is NonRetryable: the same bytes fail
 * the same way on every attempt. The message names the fields, never their values (a
 * payload may carry what should not be logged).
 */
export const parsePayload = <S extends z.ZodType>(jobName: string, schema: S, data: unknown): z.output<S> => {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const fields = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
  throw new NonRetryable("invalid-payload", `${jobName}: payload fails its schema (${fields})`);
};
