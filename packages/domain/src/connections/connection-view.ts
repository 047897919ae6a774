import { CONNECTION_STATUSES, CONNECTION_TYPES, type Connection, type ImapSettingsData } from "@fincoach/db";
import { z } from "zod";
import { Timestamp, Uuid } from "../shared/schemas.ts";
import { ImapFolders, ImapTls, PlaidAccountMap } from "./connection-schemas.ts";

/** A connection as the API shows it: settings, never the credential (only which kind is stored). */
export const ConnectionView = z
  .object({
    id: Uuid,
    type: z.enum(CONNECTION_TYPES),
    name: z.string(),
    status: z.enum(CONNECTION_STATUSES),
    /** Why the connection needs attention or was disabled; null when active. */
    statusReason: z.string().nullable(),
    credential: z
      .enum(["password", "accessToken"])
      .meta({ description: "Which credential is stored (never its value)" }),
    host: z.string().optional(),
    port: z.int().optional(),
    tls: ImapTls.optional(),
    username: z.string().optional(),
    folders: ImapFolders.optional(),
    since: z.string().nullable().optional(),
    accountId: Uuid.nullable(),
    accountMap: PlaidAccountMap.optional(),
    lastSyncedAt: Timestamp.nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: "Connection" });
export type ConnectionView = z.infer<typeof ConnectionView>;

const isImap = (c: Connection): c is Connection & { settings: ImapSettingsData } => c.type === "imap";

export const toConnectionView = (c: Connection): ConnectionView => {
  const common = {
    id: c.id,
    type: c.type,
    name: c.name,
    status: c.status,
    statusReason: c.statusReason,
    accountId: c.accountId,
    lastSyncedAt: c.lastSyncedAt?.toISOString() ?? null,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
  if (isImap(c)) {
    const s = c.settings;
    return {
      ...common,
      credential: s.auth === "password" ? "password" : "accessToken",
      host: s.host,
      port: s.port,
      tls: s.tls,
      username: s.username,
      folders: s.folders,
      since: s.since ?? null,
    };
  }
  return { ...common, credential: "accessToken", accountMap: "accountMap" in c.settings ? c.settings.accountMap : {} };
};
