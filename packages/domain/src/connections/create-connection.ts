import { randomUUID } from "node:crypto";
import { type ConnectionSettingsData, connections } from "@fincoach/db";
import { sealSecret } from "../shared/secret-box.ts";
import { parseInput } from "../transactions/parse-input.ts";
import type { SecretCtx } from "./connection-context.ts";
import { checkConnectionAccounts } from "./connection-references.ts";
import { CreateConnection } from "./connection-schemas.ts";
import { type ConnectionView, toConnectionView } from "./connection-view.ts";

type Parsed = ReturnType<typeof CreateConnection.parse>;

/** The settings kept in the clear and the one credential that gets sealed. */
const split = (data: Parsed): { settings: ConnectionSettingsData; secret: string; accountId: string | null } => {
  if (data.type === "plaid") {
    return { settings: { accountMap: data.accountMap ?? {} }, secret: data.accessToken, accountId: null };
  }
  const { host, port, tls, username, folders, since } = data;
  const auth = data.password !== undefined ? "password" : "xoauth2";
  return {
    settings: { host, port, tls, username, auth, folders: folders ?? ["INBOX"], ...(since ? { since } : {}) },
    secret: (data.password ?? data.accessToken)!,
    accountId: data.accountId ?? null,
  };
};

/** Stores a new mailbox or bank-feed connection with its credential sealed to the new row's id. */
export const createConnection = async ({
  ctx,
  input,
}: {
  ctx: SecretCtx;
  input: CreateConnection;
}): Promise<ConnectionView> => {
  const data = parseInput(CreateConnection, input);
  await checkConnectionAccounts(ctx, data.type === "imap" ? data : { accountMap: data.accountMap });
  const { settings, secret, accountId } = split(data);
  // The id is chosen before the insert: the ciphertext is bound to it (associated data).
  const id = randomUUID();
  const sealed = sealSecret(ctx.keyring, secret, id);
  const [row] = await ctx.db
    .insert(connections)
    .values({
      id,
      userId: ctx.userId,
      type: data.type,
      name: data.name,
      settings,
      secretCiphertext: sealed.ciphertext,
      secretNonce: sealed.nonce,
      secretKeyId: sealed.keyId,
      accountId,
    })
    .returning();
  return toConnectionView(row!);
};
