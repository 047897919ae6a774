/**
 * HTTP status of an API error: `code` of a KubeApiError (and of client-node's
 * ApiException, which tests use), `statusCode`, or a Status body's `code`.
 */
export const statusCodeOf = (error: unknown): number | undefined => {
  if (typeof error !== "object" || error === null) return undefined;
  const e = error as { code?: unknown; statusCode?: unknown; body?: unknown };
  if (typeof e.code === "number") return e.code;
  if (typeof e.statusCode === "number") return e.statusCode;
  const code = statusBodyOf(error)?.code;
  return typeof code === "number" ? code : undefined;
};

/** 409: an update lost an optimistic-concurrency race (or an apply hit a field conflict). */
export const isConflict = (error: unknown): boolean =>
  statusCodeOf(error) === 409 && statusBodyOf(error)?.reason !== "AlreadyExists";
/** 409 AlreadyExists on create. */
export const isAlreadyExists = (error: unknown): boolean =>
  statusCodeOf(error) === 409 && statusBodyOf(error)?.reason === "AlreadyExists";
/** 404. */
export const isNotFound = (error: unknown): boolean => statusCodeOf(error) === 404;
/** 410 Gone: a resourceVersion too old to watch from. */
export const isGone = (error: unknown): boolean => statusCodeOf(error) === 410;

/** The Status message of an API error, falling back to the error's own message. */
export const messageOf = (error: unknown): string => {
  const message = statusBodyOf(error)?.message;
  if (typeof message === "string") return message;
  return error instanceof Error ? error.message : String(error);
};

/** The `metav1.Status` an API error carries (ApiException bodies are JSON text). */
export const statusBodyOf = (error: unknown): { reason?: string; message?: string; code?: number } | undefined => {
  if (typeof error !== "object" || error === null) return undefined;
  const body = (error as { body?: unknown }).body;
  const parsed = typeof body === "string" ? safeParse(body) : body;
  return typeof parsed === "object" && parsed !== null ? (parsed as { reason?: string; message?: string }) : undefined;
};

const safeParse = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};
