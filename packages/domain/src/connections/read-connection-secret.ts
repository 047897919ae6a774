import type { Connection } from "@fincoach/db";
import { openSecret } from "../shared/secret-box.ts";
import type { SecretCtx } from "./connection-context.ts";
import { findConnection } from "./find-connection.ts";

/** A connection with its credential opened: for the worker and the credential check only, never a response. */
export type OpenedConnection = { connection: Connection; secret: string };

/** Opens the person's connection's credential (NOT_FOUND for someone else's). */
export const readConnectionSecret = async ({
  ctx,
  input,
}: {
  ctx: SecretCtx;
  input: { connectionId: string };
}): Promise<OpenedConnection> => {
  const connection = await findConnection(ctx.db, ctx.userId, input.connectionId);
  const secret = openSecret(
    ctx.keyring,
    { ciphertext: connection.secretCiphertext, nonce: connection.secretNonce, keyId: connection.secretKeyId },
    connection.id,
  );
  return { connection, secret };
};
