import type { Agent } from "node:http";

/** What one request needs to reach the apiserver as someone: a connection pool and headers. */
export type RequestCredentials = { agent: Agent; headers: Record<string, string> };

/**
 * Credentials made outside the lean client, asked again before every request and watch
 * (an exec plugin's token expires; the source caches it until then).
 */
export type CredentialSource = {
  credentials(): Promise<RequestCredentials>;
  /** Closes the pools it made. */
  close(): void;
};
