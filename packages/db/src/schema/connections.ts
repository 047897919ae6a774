import { index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { accounts } from "./accounts.ts";
import { createdAt, id, updatedAt } from "./columns.ts";
import { users } from "./users.ts";

export const CONNECTION_TYPES = ["imap", "plaid"] as const;
export type ConnectionType = (typeof CONNECTION_TYPES)[number];

export const CONNECTION_STATUSES = ["active", "needs_attention", "disabled"] as const;
export type ConnectionStatus = (typeof CONNECTION_STATUSES)[number];

export const IMAP_TLS_MODES = ["implicit", "starttls", "none"] as const;
export type ImapTlsMode = (typeof IMAP_TLS_MODES)[number];

/** The non-secret settings of an IMAP connection; the password or token lives in the secret columns. */
export type ImapSettingsData = {
  host: string;
  port: number;
  tls: ImapTlsMode;
  username: string;
  /** Which credential the secret holds: a password (LOGIN) or an OAuth2 access token (XOAUTH2). */
  auth: "password" | "xoauth2";
  folders: string[];
  /** How far back the first sync reaches (YYYY-MM-DD); absent: everything. */
  since?: string | undefined;
};
/** The non-secret settings of a Plaid connection: Plaid account id -> FinCoach account id. */
export type PlaidSettingsData = { accountMap: Record<string, string> };
export type ConnectionSettingsData = ImapSettingsData | PlaidSettingsData;

/** What the worker remembers between syncs: per IMAP folder its UIDVALIDITY and last UID; Plaid's cursor. */
export type ConnectionSyncStateData = {
  folders?: Record<string, { uidValidity: string; lastUid: number }>;
  cursor?: string;
};

/**
 * A mailbox or bank feed a person connected. The credential is encrypted at rest
 * (AES-256-GCM, @fincoach/domain secret-box): ciphertext with its tag, nonce and the id of
 * the key that sealed it, so keys can rotate row by row.
 */
export const connections = pgTable(
  "connections",
  {
    id: id(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    type: text({ enum: CONNECTION_TYPES }).notNull(),
    name: text().notNull(),
    settings: jsonb().$type<ConnectionSettingsData>().notNull(),
    /** base64 of ciphertext + 16-byte GCM tag. */
    secretCiphertext: text().notNull(),
    /** base64 of the 12-byte GCM nonce. */
    secretNonce: text().notNull(),
    secretKeyId: text().notNull(),
    // Set null rather than cascade: deleting the account must not delete the connection (and
    // its credential) with it; the worker then creates accounts per hint as without one.
    // A plain FK (not (user_id, account_id)): set null on a composite key would null user_id;
    // the domain checks the account is the person's own before writing it.
    accountId: uuid().references(() => accounts.id, { onDelete: "set null" }),
    status: text({ enum: CONNECTION_STATUSES }).notNull().default("active"),
    statusReason: text(),
    syncState: jsonb().$type<ConnectionSyncStateData>().notNull().default({}),
    lastSyncedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("connections_user_idx").on(t.userId, t.createdAt)],
);
export type Connection = typeof connections.$inferSelect;
