import type { Harness } from "../../test-support/api-harness.ts";

/** The IMAP contract's body (the names other checks call); the password is a canary tests look for. */
export const IMAP_PASSWORD = "canary-imap-pässword-9d1e";
export const PLAID_TOKEN = "access-sandbox-canary-4be0";

export const imapBody = (extra: Record<string, unknown> = {}) => ({
  type: "imap",
  name: "Bank alerts",
  host: "imap.example.com",
  port: 993,
  tls: "implicit",
  username: "ada@example.com",
  password: IMAP_PASSWORD,
  folders: ["INBOX"],
  since: "2024-01-01",
  ...extra,
});

export const plaidBody = (extra: Record<string, unknown> = {}) => ({
  type: "plaid",
  name: "Checking feed",
  accessToken: PLAID_TOKEN,
  ...extra,
});

/** Creates a connection through the API and returns its id (asserting the 201). */
export const createVia = async (h: Harness, token: string, body: unknown): Promise<string> => {
  const res = await h.call("POST", "/v1/connections", { token, body });
  if (res.status !== 201) throw new Error(`create answered ${res.status}: ${res.text}`);
  return res.json.id as string;
};
