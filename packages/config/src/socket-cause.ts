/** EAI_AGAIN's words: the one cause a start-up check asks again about (exit-unless-reachable.ts). */
export const TEMPORARY_DNS_FAILURE = "unknown host (DNS lookup failed, temporarily)";

/** Node's socket error codes, in the words a start-up line uses for them. */
const SOCKET_CAUSES: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ENOTFOUND: "unknown host",
  EAI_AGAIN: TEMPORARY_DNS_FAILURE,
  ETIMEDOUT: "timed out",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  ECONNRESET: "connection reset",
};

/** The cause of a failed connection in words (`connection refused`), or undefined for other errors. */
export const socketCause = (e: unknown): string | undefined => {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === "string" ? SOCKET_CAUSES[code] : undefined;
};
