/**
 * What of an unexpected error may be logged. Query builders put bound parameters (emails,
 * token hashes, amounts) into their error messages and fields, so an error carrying a
 * `query` is reduced to the SQL text and the database's own error, never its parameters.
 */
export const safeError = (e: unknown): Record<string, unknown> => {
  if (!(e instanceof Error)) return { message: String(e) };
  const withQuery = e as Error & { query?: unknown; params?: unknown };
  if (typeof withQuery.query === "string") {
    const cause = e.cause instanceof Error ? (e.cause as Error & { code?: string }) : undefined;
    return { name: e.name, query: withQuery.query, cause: cause && { message: cause.message, code: cause.code } };
  }
  return { name: e.name, message: e.message, stack: e.stack };
};
