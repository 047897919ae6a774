/** What a database error adds that explains it (PostgreSQL's fields, as postgres.js names them). */
const DATABASE_FIELDS = ["code", "severity", "detail", "hint", "constraint_name", "table_name", "column_name", "where"];

/** How deep `cause` chains are followed; a cycle or a pathological chain stops here. */
const MAX_CAUSES = 4;

/**
 * A query builder's message carries the bound values after the SQL (drizzle:
 * `Failed query: <sql>\nparams: <values>`); only the part before them is kept.
 */
const withoutParams = (message: string) => message.split("\nparams:")[0] ?? message;

/** One error's own loggable fields, without its cause. */
const fieldsOf = (e: unknown): Record<string, unknown> => {
  if (!(e instanceof Error)) return { message: typeof e === "string" ? e : String(e) };
  const out: Record<string, unknown> = { name: e.name, message: withoutParams(e.message) };
  const fields = e as unknown as Record<string, unknown>;
  for (const key of DATABASE_FIELDS) {
    const value = fields[key];
    if (typeof value === "string" || typeof value === "number") out[key] = value;
  }
  if (e.stack) out.stack = e.stack.replace(e.message, out.message as string);
  return out;
};

/**
 * What of an unexpected error may be logged: its name, message, stack, the database's
 * SQLSTATE `code`, `detail`, `constraint_name` and the like, and the same for each error
 * of its `cause` chain under `causes` (a flat list: pino's `err` serializer would fold a
 * nested `cause` into the message and drop its fields). Never the bound parameters
 * (emails, token hashes, amounts): postgres.js puts them on errors as `parameters` (with
 * the SQL as `query`), drizzle as `params` and in its message. Those fields are left
 * out, and the message is cut before the values.
 */
export const safeError = (e: unknown): Record<string, unknown> => {
  const causes: Record<string, unknown>[] = [];
  for (let c = e instanceof Error ? e.cause : undefined; c !== undefined && causes.length < MAX_CAUSES; ) {
    causes.push(fieldsOf(c));
    c = c instanceof Error ? c.cause : undefined;
  }
  return { ...fieldsOf(e), ...(causes.length > 0 ? { causes } : {}) };
};
