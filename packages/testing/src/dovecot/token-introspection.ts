import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A tiny OAuth2 token introspection endpoint (RFC 7662) for Dovecot's oauth2 passdb: the
 * test issues tokens for users, Dovecot POSTs `token=...` here on each XOAUTH2 login and
 * gets `{active, username}` back. Stands in for the provider's (Google's, Microsoft's)
 * token check, which is the only part of OAuth2 an IMAP server takes part in.
 */
export type TokenIntrospection = {
  url: string;
  issue(username: string): string;
  revoke(token: string): void;
  /** How many introspection requests were answered (proves Dovecot asked). */
  requests(): number;
  close(): Promise<void>;
};

export const startTokenIntrospection = async (): Promise<TokenIntrospection> => {
  const tokens = new Map<string, string>();
  let answered = 0;
  const server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => {
      body += chunk;
    });
    req.on("end", () => {
      answered++;
      const token = new URLSearchParams(body).get("token") ?? "";
      const username = tokens.get(token);
      const answer = username ? { active: "true", username } : { active: "false" };
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  server.unref();
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/introspect`,
    issue: (username) => {
      const token = randomBytes(24).toString("base64url");
      tokens.set(token, username);
      return token;
    },
    revoke: (token) => void tokens.delete(token),
    requests: () => answered,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};
