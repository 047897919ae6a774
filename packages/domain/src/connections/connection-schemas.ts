import { CONNECTION_STATUSES, IMAP_TLS_MODES } from "@fincoach/db";
import { z } from "zod";
import { IsoDate, Uuid } from "../shared/schemas.ts";

export const ConnectionName = z.string().trim().min(1).max(100).meta({ example: "Bank alerts" });
export const ImapHost = z
  .string()
  .trim()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9.:[\]_-]+$/, "must be a host name or IP address")
  .meta({ example: "imap.example.com" });
export const ImapPort = z.int().min(1).max(65535).meta({ example: 993 });
export const ImapTls = z
  .enum(IMAP_TLS_MODES)
  .meta({ description: "`implicit`: TLS from the first byte (port 993); `starttls`: upgrade; `none`: plain text" });
export const ImapUsername = z.string().min(1).max(320);
/** Credentials are write-only: accepted here, sealed at once, never returned. */
export const ImapPassword = z.string().min(1).max(1024).meta({ description: "Write-only: never returned" });
export const AccessToken = z.string().min(1).max(8192).meta({ description: "Write-only: never returned" });
export const ImapFolders = z
  .array(z.string().min(1).max(255))
  .min(1)
  .max(50)
  .refine((f) => new Set(f).size === f.length, "must not name a folder twice")
  .meta({ example: ["INBOX"] });
export const PlaidAccountMap = z
  .record(z.string().min(1).max(100), Uuid)
  .refine((m) => Object.keys(m).length <= 100, "must map at most 100 accounts")
  .meta({ description: "Plaid account_id -> one of your account ids", example: {} });
/** What a person may set; `needs_attention` is the worker's to set, and a credential change clears it. */
export const SettableStatus = z.enum(
  CONNECTION_STATUSES.filter((s) => s !== "needs_attention") as ["active", "disabled"],
);

const oneCredential = (
  v: { password?: string | undefined; accessToken?: string | undefined },
  ctx: z.RefinementCtx,
) => {
  if ((v.password === undefined) === (v.accessToken === undefined)) {
    for (const path of ["password", "accessToken"]) {
      ctx.addIssue({ code: "custom", path: [path], message: "give exactly one of password or accessToken" });
    }
  }
};

/** The IMAP contract other checks call (keep the names). `accessToken` signs in with XOAUTH2. */
export const CreateImapConnection = z
  .object({
    type: z.literal("imap"),
    name: ConnectionName,
    host: ImapHost,
    port: ImapPort,
    tls: ImapTls,
    username: ImapUsername,
    password: ImapPassword.optional(),
    accessToken: AccessToken.optional().meta({ description: "OAuth2 access token (XOAUTH2); write-only" }),
    folders: ImapFolders.optional().meta({ description: 'Folders to read; default ["INBOX"]' }),
    since: IsoDate.optional().meta({ description: "How far back the first sync reaches; default everything" }),
    accountId: Uuid.optional().meta({
      description: "Where the mail's transactions land; without it, an account per card or account hint",
    }),
  })
  .strict()
  .superRefine(oneCredential)
  .meta({ id: "CreateImapConnection" });

export const CreatePlaidConnection = z
  .object({
    type: z.literal("plaid"),
    name: ConnectionName,
    accessToken: AccessToken.meta({ description: "The Item's Plaid access token; write-only" }),
    accountMap: PlaidAccountMap.optional(),
  })
  .strict()
  .meta({ id: "CreatePlaidConnection" });

export const CreateConnection = z
  .discriminatedUnion("type", [CreateImapConnection, CreatePlaidConnection])
  .meta({ id: "CreateConnection" });
export type CreateConnection = z.input<typeof CreateConnection>;

/**
 * Fields given replace the connection's. IMAP fields apply to IMAP connections and
 * `accountMap` to Plaid ones; a new password or accessToken replaces the credential (and
 * with it how an IMAP connection signs in). `since`/`accountId` null clear them.
 */
export const UpdateConnection = z
  .object({
    name: ConnectionName.optional(),
    status: SettableStatus.optional(),
    host: ImapHost.optional(),
    port: ImapPort.optional(),
    tls: ImapTls.optional(),
    username: ImapUsername.optional(),
    password: ImapPassword.optional(),
    accessToken: AccessToken.optional(),
    folders: ImapFolders.optional(),
    since: IsoDate.nullable().optional(),
    accountId: Uuid.nullable().optional(),
    accountMap: PlaidAccountMap.optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.password !== undefined && v.accessToken !== undefined) oneCredential({}, ctx);
  })
  .meta({ id: "UpdateConnection" });
export type UpdateConnection = z.input<typeof UpdateConnection>;

export const IMAP_ONLY_FIELDS = [
  "host",
  "port",
  "tls",
  "username",
  "password",
  "folders",
  "since",
  "accountId",
] as const;
export const PLAID_ONLY_FIELDS = ["accountMap"] as const;
