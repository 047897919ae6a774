import { AppError, type ErrorCode, type FieldIssue, isAppError } from "@fincoach/errors";
import { HTTPException } from "hono/http-exception";

/** An RFC 9457 problem document, with `code` and field-level `errors` as extensions. */
export type Problem = {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  instance?: string;
  errors?: FieldIssue[];
};

/** The one place an error code becomes an HTTP status; exhaustive, so a new code can't be forgotten. */
export const httpStatusOf = (code: ErrorCode): number => {
  switch (code) {
    case "NOT_FOUND":
      return 404;
    case "CONFLICT":
      return 409;
    case "VALIDATION":
      return 400;
    case "FORBIDDEN":
      return 403;
    case "UNAUTHORIZED":
      return 401;
    case "LIMIT_EXCEEDED":
      return 429;
    case "CONTENT_TOO_LARGE":
      return 413;
    case "PRECONDITION_FAILED":
      return 412;
    case "INTERNAL":
      return 500;
    default: {
      const never: never = code;
      throw new Error(`unmapped error code ${String(never)}`);
    }
  }
};

const TITLES: Record<ErrorCode, string> = {
  NOT_FOUND: "Not Found",
  CONFLICT: "Conflict",
  VALIDATION: "Invalid Request",
  FORBIDDEN: "Forbidden",
  UNAUTHORIZED: "Unauthorized",
  LIMIT_EXCEEDED: "Too Many Requests",
  CONTENT_TOO_LARGE: "Content Too Large",
  PRECONDITION_FAILED: "Precondition Failed",
  INTERNAL: "Internal Server Error",
};

/** Hono's own exceptions (malformed JSON, body too large) become AppErrors of the matching code. */
const fromHttpException = (e: HTTPException): AppError => {
  const code: ErrorCode =
    e.status === 404
      ? "NOT_FOUND"
      : e.status === 401
        ? "UNAUTHORIZED"
        : e.status === 413
          ? "CONTENT_TOO_LARGE"
          : e.status < 500
            ? "VALIDATION"
            : "INTERNAL";
  return new AppError(code, e.message || TITLES[code], { cause: e });
};

/** Normalizes anything thrown into an AppError; unknown errors become INTERNAL with no detail leaked. */
export const toAppError = (e: unknown): AppError => {
  if (isAppError(e)) return e;
  if (e instanceof HTTPException) return fromHttpException(e);
  return new AppError("INTERNAL", "an unexpected error occurred", { cause: e });
};

export const toProblem = (err: AppError, instance?: string): Problem => ({
  type: `https://fincoach.dev/problems/${err.code.toLowerCase().replaceAll("_", "-")}`,
  title: TITLES[err.code],
  status: httpStatusOf(err.code),
  detail: err.message,
  code: err.code,
  ...(instance ? { instance } : {}),
  ...(err.issues.length > 0 ? { errors: err.issues } : {}),
});

/** The Response for an error: problem+json, plus Retry-After / WWW-Authenticate where they apply. */
export const problemResponse = (err: AppError, instance?: string): Response => {
  const problem = toProblem(err, instance);
  const headers = new Headers({ "content-type": "application/problem+json" });
  if (err.retryAfterSeconds !== undefined) headers.set("retry-after", String(Math.ceil(err.retryAfterSeconds)));
  if (err.code === "UNAUTHORIZED") headers.set("www-authenticate", 'Bearer realm="fincoach"');
  // The refused body may still be arriving; closing the connection spares reading the rest.
  if (err.code === "CONTENT_TOO_LARGE") headers.set("connection", "close");
  return new Response(JSON.stringify(problem), { status: problem.status, headers });
};
