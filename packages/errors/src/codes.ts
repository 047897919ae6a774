/**
 * The closed set of error codes. Every failure a service reports is one of these; each
 * transport (HTTP, queue) maps them exactly once, in one exhaustive switch.
 */
export const ErrorCode = {
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  VALIDATION: "VALIDATION",
  FORBIDDEN: "FORBIDDEN",
  UNAUTHORIZED: "UNAUTHORIZED",
  LIMIT_EXCEEDED: "LIMIT_EXCEEDED",
  /** A request body over the size limit (HTTP 413); sending it again cannot succeed. */
  CONTENT_TOO_LARGE: "CONTENT_TOO_LARGE",
  PRECONDITION_FAILED: "PRECONDITION_FAILED",
  INTERNAL: "INTERNAL",
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];
