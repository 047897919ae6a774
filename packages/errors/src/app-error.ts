import type { ErrorCode } from "./codes.ts";

/** One problem with one input field: `path` names it (`amount`, `splits.1.categoryId`, `line 12 / amount`). */
export type FieldIssue = { path: string; message: string };

export type AppErrorOptions = {
  /** Field-level detail for VALIDATION errors. */
  issues?: FieldIssue[];
  /** Whether trying the same thing again later can succeed (a worker retries only these). */
  retryable?: boolean;
  /** For LIMIT_EXCEEDED: seconds until a retry may succeed. */
  retryAfterSeconds?: number;
  cause?: unknown;
};

/** The one error base. Domain code throws these; transports decide how they look on the wire. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly issues: FieldIssue[];
  readonly retryable: boolean;
  readonly retryAfterSeconds: number | undefined;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.issues = options.issues ?? [];
    this.retryable = options.retryable ?? (code === "INTERNAL" || code === "LIMIT_EXCEEDED");
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;

export const notFound = (what: string) => new AppError("NOT_FOUND", `${what} not found`);
export const conflict = (message: string) => new AppError("CONFLICT", message);
export const unauthorized = (message = "authentication required") => new AppError("UNAUTHORIZED", message);
export const validationError = (message: string, issues: FieldIssue[] = []) =>
  new AppError("VALIDATION", message, { issues });
/** A single-field validation error, the common case. */
export const invalidField = (path: string, message: string) =>
  new AppError("VALIDATION", `${path}: ${message}`, { issues: [{ path, message }] });
