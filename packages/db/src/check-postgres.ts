import { socketCause } from "@fincoach/config";
import { createPostgresClient } from "./postgres-client.ts";
import { postgresTarget } from "./postgres-target.ts";

export type CheckPostgresOptions = {
  /** How long to wait for an answer: postgres.js keeps retrying a silent host on its own. @default 5000 */
  timeoutMs?: number;
};

/** PostgreSQL's SQLSTATEs for a refused login (invalid_authorization_specification, invalid_password). */
const AUTH_CODES = new Set(["28000", "28P01"]);

/** The cause, in words, of a failed first query. */
const causeOf = (e: unknown, user: string): string => {
  if (!(e instanceof Error)) return String(e);
  const code = (e as Error & { code?: unknown }).code;
  if (typeof code === "string" && AUTH_CODES.has(code))
    return `authentication failed for user "${user}" (${e.message})`;
  const socket = socketCause(e);
  if (socket) return socket;
  return e.message;
};

/**
 * Connects to PostgreSQL and runs `select 1`. Resolves to undefined when it answers, or to
 * one line naming host:port and the cause (connection refused, authentication failed,
 * unknown host, timed out, no such database), never the password: what a process prints
 * before exiting at start-up, instead of a driver error naming only a query.
 */
export const checkPostgres = async (
  url: string,
  { timeoutMs = 5000 }: CheckPostgresOptions = {},
): Promise<string | undefined> => {
  const { where, user } = postgresTarget(url);
  const sql = createPostgresClient(url, { max: 1, connect_timeout: Math.ceil(timeoutMs / 1000), onnotice: () => {} });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([sql`select 1`, deadline]);
    return undefined;
  } catch (e) {
    return `PostgreSQL at ${where}: ${causeOf(e, user)}`;
  } finally {
    clearTimeout(timer);
    await sql.end({ timeout: 0 });
  }
};
