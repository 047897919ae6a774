import { type Connection, connections, type ImapSettingsData, type PlaidSettingsData } from "@fincoach/db";
import { AppError } from "@fincoach/errors";
import { and, eq } from "drizzle-orm";
import { sealSecret } from "../shared/secret-box.ts";
import { parseInput } from "../transactions/parse-input.ts";
import type { SecretCtx } from "./connection-context.ts";
import { checkConnectionAccounts } from "./connection-references.ts";
import { IMAP_ONLY_FIELDS, PLAID_ONLY_FIELDS, UpdateConnection } from "./connection-schemas.ts";
import { type ConnectionView, toConnectionView } from "./connection-view.ts";
import { findConnection } from "./find-connection.ts";

type Patch = ReturnType<typeof UpdateConnection.parse>;

/** Fields that belong to the other type of connection are refused, each named. */
const refuseForeignFields = (type: Connection["type"], patch: Patch) => {
  const foreign = type === "imap" ? PLAID_ONLY_FIELDS : IMAP_ONLY_FIELDS;
  const issues = foreign
    .filter((f) => patch[f] !== undefined)
    .map((path) => ({ path, message: `does not apply to a ${type} connection` }));
  if (issues.length > 0) {
    throw new AppError("VALIDATION", issues.map((i) => `${i.path}: ${i.message}`).join("; "), { issues });
  }
};

const nextImapSettings = (s: ImapSettingsData, patch: Patch): ImapSettingsData => {
  const { since: _since, ...rest } = s;
  const since = patch.since === undefined ? s.since : (patch.since ?? undefined);
  return {
    ...rest,
    host: patch.host ?? s.host,
    port: patch.port ?? s.port,
    tls: patch.tls ?? s.tls,
    username: patch.username ?? s.username,
    folders: patch.folders ?? s.folders,
    auth: patch.password !== undefined ? "password" : patch.accessToken !== undefined ? "xoauth2" : s.auth,
    ...(since ? { since } : {}),
  };
};

/** Where a changed credential or server brings a connection back from `needs_attention`. */
const CREDENTIAL_FIELDS = ["host", "port", "tls", "username", "password", "accessToken"] as const;

export const updateConnection = async ({
  ctx,
  input,
}: {
  ctx: SecretCtx;
  input: { id: string; patch: UpdateConnection };
}): Promise<ConnectionView> => {
  const patch = parseInput(UpdateConnection, input.patch);
  return ctx.db.transaction(async (tx) => {
    const current = await findConnection(tx, ctx.userId, input.id, { lock: true });
    refuseForeignFields(current.type, patch);
    await checkConnectionAccounts({ db: tx, userId: ctx.userId }, patch);
    const settings =
      current.type === "imap"
        ? nextImapSettings(current.settings as ImapSettingsData, patch)
        : { accountMap: patch.accountMap ?? (current.settings as PlaidSettingsData).accountMap };
    const secret = patch.password ?? patch.accessToken;
    const sealed = secret === undefined ? undefined : sealSecret(ctx.keyring, secret, current.id);
    const fixed = CREDENTIAL_FIELDS.some((f) => patch[f] !== undefined) && current.status === "needs_attention";
    const status = patch.status ?? (fixed ? "active" : current.status);
    const [row] = await tx
      .update(connections)
      .set({
        name: patch.name,
        settings,
        accountId: patch.accountId,
        status,
        statusReason: status === current.status ? current.statusReason : null,
        ...(sealed
          ? { secretCiphertext: sealed.ciphertext, secretNonce: sealed.nonce, secretKeyId: sealed.keyId }
          : {}),
      })
      .where(and(eq(connections.id, current.id), eq(connections.userId, ctx.userId)))
      .returning();
    return toConnectionView(row!);
  });
};
