import type { ImapSettingsData, PlaidSettingsData } from "@fincoach/db";
import { z } from "zod";
import type { SecretCtx } from "./connection-context.ts";
import { readConnectionSecret } from "./read-connection-secret.ts";

/** What a credential check found: `ok`, or the server's reason in one line. */
export const ConnectionCheck = z
  .object({ ok: z.boolean(), reason: z.string().optional() })
  .meta({ id: "ConnectionCheck" });
export type ConnectionCheck = z.infer<typeof ConnectionCheck>;

/**
 * How credentials are checked against the real server (imapflow, the plaid client): the
 * caller supplies them, so the domain stays free of network clients. A checker never
 * throws for a refusal; it answers `{ ok: false, reason }`.
 */
export type CredentialCheckers = {
  imap: (settings: ImapSettingsData, secret: string) => Promise<ConnectionCheck>;
  plaid: (settings: PlaidSettingsData, accessToken: string) => Promise<ConnectionCheck>;
};

/** Signs in with the stored credential and reports what the server said; changes nothing. */
export const testConnection = async ({
  ctx,
  input,
  checkers,
}: {
  ctx: SecretCtx;
  input: { id: string };
  checkers: CredentialCheckers;
}): Promise<ConnectionCheck> => {
  const { connection, secret } = await readConnectionSecret({ ctx, input: { connectionId: input.id } });
  return connection.type === "imap"
    ? checkers.imap(connection.settings as ImapSettingsData, secret)
    : checkers.plaid(connection.settings as PlaidSettingsData, secret);
};
