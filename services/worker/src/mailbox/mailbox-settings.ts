import { z } from "zod";

/**
 * How to reach one mailbox: the IMAP connection contract of issue 12
 * (`{host, port, tls, username, password?, accessToken?, folders, since}`), decrypted.
 * `accessToken` logs in with XOAUTH2 (Gmail, Outlook); otherwise `password` with LOGIN/PLAIN.
 */
export const MailboxSettings = z
  .object({
    host: z.string().min(1),
    port: z.int().min(1).max(65_535),
    tls: z.enum(["implicit", "starttls", "none"]),
    username: z.string().min(1),
    password: z.string().min(1).optional(),
    accessToken: z.string().min(1).optional(),
    folders: z.array(z.string().min(1)).min(1).default(["INBOX"]),
    /** The first sync reaches back to this day (IMAP SEARCH SINCE, the server's received date); none: everything. */
    since: z.iso.date().optional(),
  })
  .refine((s) => (s.password === undefined) !== (s.accessToken === undefined), {
    message: "exactly one of password and accessToken",
    path: ["password"],
  });
export type MailboxSettings = z.infer<typeof MailboxSettings>;

/** What a folder's last sync got to: its UIDVALIDITY then, and the highest UID handled. */
export const FolderState = z.object({ uidValidity: z.int().min(1), lastUid: z.int().min(0) });
export type FolderState = z.infer<typeof FolderState>;

/** Per folder, as stored with the connection between syncs. */
export const MailboxSyncState = z.record(z.string(), FolderState);
export type MailboxSyncState = z.infer<typeof MailboxSyncState>;
