import { readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import type { Harness } from "../../test-support/api-harness.ts";

/** The public sample statements copied into the repository (testdata/README.md). */
export const STATEMENTS = join(import.meta.dirname, "../../../../../testdata/statements");

type User = { id: string; token: string };

/** A new account of `u` through the API. */
export const newAccount = async (h: Harness, u: User, currency = "EUR", type = "checking", name = "Main") => {
  const res = await h.call("POST", "/v1/accounts", { token: u.token, body: { name, type, currency } });
  if (res.status !== 201) throw new Error(`account: ${res.status} ${res.text}`);
  return res.json as { id: string; currency: string; balance: string };
};

export type Upload = {
  accountId?: string;
  /** A path under STATEMENTS, or an absolute path. */
  path?: string;
  /** Inline content instead of a file. */
  content?: string | Uint8Array;
  filename?: string;
  format?: string;
  mapping?: unknown;
  /** Which statement of a multi-account file. */
  statement?: string;
  /** Over a real socket (the request then declares its Content-Length, as clients' do). */
  http?: boolean;
};

/** POST /v1/imports as multipart/form-data. */
export const upload = async (h: Harness, u: User, up: Upload) => {
  const form = new FormData();
  const path = up.path && (up.path.startsWith("/") ? up.path : join(STATEMENTS, up.path));
  const content = up.content ?? (path ? await readFile(path) : undefined);
  if (content !== undefined) {
    const name = up.filename ?? (path ? basename(path) : "statement.txt");
    form.set("file", new File([content], name));
  }
  if (up.accountId) form.set("accountId", up.accountId);
  if (up.format) form.set("format", up.format);
  if (up.statement) form.set("statement", up.statement);
  if (up.mapping !== undefined)
    form.set("mapping", typeof up.mapping === "string" ? up.mapping : JSON.stringify(up.mapping));
  return h.call("POST", "/v1/imports", { token: u.token, body: form, http: up.http ?? false });
};

/** The account's transactions straight from the database, oldest first. */
export const storedRows = async (h: Harness, accountId: string) =>
  h.database.sql<
    {
      date: string;
      amount: string;
      description: string;
      merchant: string | null;
      notes: string | null;
      externalId: string;
      importId: string | null;
    }[]
  >`
    select date::text as date, amount_minor::text as amount, description, merchant, notes,
           external_id as "externalId", import_id as "importId"
    from transactions where account_id = ${accountId} order by date, amount_minor, external_id`;

export const countRows = async (h: Harness, accountId: string): Promise<number> =>
  (await storedRows(h, accountId)).length;
