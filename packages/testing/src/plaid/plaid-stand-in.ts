import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  PlaidItemLog,
  type PlaidStandInAccount,
  type PlaidStandInTransaction,
  toPlaidTransaction,
} from "./plaid-item.ts";

/** Plaid's error object (https://plaid.com/docs/errors/): what the official client surfaces as `response.data`. */
export type PlaidErrorBody = {
  error_type: string;
  error_code: string;
  error_message: string;
  display_message: string | null;
  request_id: string;
  causes: unknown[];
  status: number;
  documentation_url: string;
  suggested_action: string | null;
};

/** An error to answer with, as Plaid documents it: HTTP status, `error_type`, `error_code`. */
export type PlaidInjectedError = { status: number; error_type: string; error_code: string; error_message?: string };

/** Plaid's documented errors the stand-in raises by itself or tests inject by name. */
export const PLAID_ERRORS = {
  ITEM_LOGIN_REQUIRED: { status: 400, error_type: "ITEM_ERROR", error_code: "ITEM_LOGIN_REQUIRED" },
  INVALID_ACCESS_TOKEN: { status: 400, error_type: "INVALID_INPUT", error_code: "INVALID_ACCESS_TOKEN" },
  INVALID_API_KEYS: { status: 400, error_type: "INVALID_INPUT", error_code: "INVALID_API_KEYS" },
  RATE_LIMIT_EXCEEDED: { status: 429, error_type: "RATE_LIMIT_EXCEEDED", error_code: "TRANSACTIONS_SYNC_LIMIT" },
  INTERNAL_SERVER_ERROR: { status: 500, error_type: "API_ERROR", error_code: "INTERNAL_SERVER_ERROR" },
  TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION: {
    status: 400,
    error_type: "TRANSACTIONS_ERROR",
    error_code: "TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION",
  },
} as const satisfies Record<string, PlaidInjectedError>;

export type PlaidRequestRecord = { path: string; accessToken: string | undefined; cursor?: string; count?: number };

type SyncCursor = { b: number; s?: number; o?: number };
const encodeCursor = (c: SyncCursor) => Buffer.from(JSON.stringify(c)).toString("base64url");
const decodeCursor = (text: string): SyncCursor | undefined => {
  try {
    const c = JSON.parse(Buffer.from(text, "base64url").toString("utf8")) as SyncCursor;
    return Number.isInteger(c.b) && c.b >= 0 ? c : undefined;
  } catch {
    return undefined;
  }
};

class PlaidFailure extends Error {
  readonly error: PlaidInjectedError;
  constructor(error: PlaidInjectedError) {
    super(error.error_code);
    this.error = error;
  }
}

const invalidField = (message: string): PlaidFailure =>
  new PlaidFailure({ status: 400, error_type: "INVALID_REQUEST", error_code: "INVALID_FIELD", error_message: message });

/**
 * A local stand-in for Plaid's API, following its documented contract for `/transactions/sync`
 * and `/accounts/get` (request fields, response shape, error objects and status codes), so the
 * official `plaid` client talks to it unchanged through `basePath`. Scriptable: Items with
 * accounts, added/modified/removed transactions, pending → posted, injected errors, and a hook
 * after each sync page (to mutate mid-pagination).
 */
export class PlaidStandIn {
  readonly clientId = `client-${randomBytes(4).toString("hex")}`;
  readonly secret = `secret-${randomBytes(8).toString("hex")}`;
  /** Every call, for assertions on what the client sent (never the secret). */
  readonly requests: PlaidRequestRecord[] = [];
  /** Delay before every answer (a slow Plaid: keeps a sync running long enough to kill its worker). */
  latencyMs = 0;
  /** Runs after a `/transactions/sync` page is computed, before it is sent. */
  afterSyncPage: ((page: { accessToken: string; cursor: string; hasMore: boolean }) => void) | undefined;
  private readonly items = new Map<string, PlaidItemLog>();
  private readonly injected: (PlaidInjectedError & { path?: string })[] = [];
  private server: ReturnType<typeof createServer> | undefined;
  url = "";

  /** Creates an Item; returns its access token. */
  createItem(accounts: PlaidStandInAccount[]): string {
    const token = `access-sandbox-${randomBytes(12).toString("hex")}`;
    this.items.set(token, new PlaidItemLog(accounts));
    return token;
  }

  private item(token: string): PlaidItemLog {
    const item = this.items.get(token);
    if (!item) throw new Error(`no Item for ${token.slice(0, 15)}…`);
    return item;
  }

  /** New transactions (one version each; a known id is refused: use `modify`). */
  add(token: string, txs: PlaidStandInTransaction[]): void {
    const item = this.item(token);
    for (const t of txs) {
      if (item.current(t.transaction_id)) throw new Error(`${t.transaction_id} exists`);
      item.set(t.transaction_id, t);
    }
  }

  /** Changes fields of existing transactions (a later sync reports them under `modified`). */
  modify(token: string, id: string, patch: Partial<Omit<PlaidStandInTransaction, "transaction_id">>): void {
    const item = this.item(token);
    const now = item.current(id);
    if (!now) throw new Error(`${id} does not exist`);
    item.set(id, { ...now, ...patch });
  }

  remove(token: string, ids: string[]): void {
    const item = this.item(token);
    for (const id of ids) {
      if (!item.current(id)) throw new Error(`${id} does not exist`);
      item.set(id, null);
    }
  }

  /**
   * Pending → posted as Plaid does it: the pending transaction is removed and a new posted
   * one (its own id, `pending_transaction_id` = the pending id) is added.
   */
  post(token: string, pendingId: string, posted: Omit<PlaidStandInTransaction, "pending_transaction_id" | "pending">) {
    const pending = this.item(token).current(pendingId);
    if (!pending?.pending) throw new Error(`${pendingId} is not a pending transaction`);
    this.remove(token, [pendingId]);
    this.add(token, [{ ...posted, pending: false, pending_transaction_id: pendingId }]);
  }

  /** Every later call for this Item answers this Item error (e.g. ITEM_LOGIN_REQUIRED) until cleared. */
  setItemError(token: string, code: keyof typeof PLAID_ERRORS | undefined): void {
    this.item(token).itemError = code;
  }

  /** The next `times` calls (to `path`, or any) answer this error. */
  failNext(error: PlaidInjectedError, options: { path?: string; times?: number } = {}): void {
    for (let i = 0; i < (options.times ?? 1); i++)
      this.injected.push({ ...error, ...(options.path ? { path: options.path } : {}) });
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomBytes(6).toString("hex");
    const send = (status: number, body: unknown) => {
      const text = JSON.stringify(body);
      res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
      res.end(text);
    };
    try {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
      } catch {
        throw invalidField("request body is not valid JSON");
      }
      const path = new URL(req.url ?? "/", "http://x").pathname;
      if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
      const accessToken = typeof body.access_token === "string" ? body.access_token : undefined;
      this.requests.push({
        path,
        accessToken,
        ...(typeof body.cursor === "string" ? { cursor: body.cursor } : {}),
        ...(typeof body.count === "number" ? { count: body.count } : {}),
      });
      if (req.method !== "POST") throw new PlaidFailure({ ...PLAID_ERRORS.INVALID_API_KEYS, status: 405 });
      // The official clients send the keys as headers; raw calls in the body.
      const clientId = req.headers["plaid-client-id"] ?? body.client_id;
      const secret = req.headers["plaid-secret"] ?? body.secret;
      if (clientId !== this.clientId || secret !== this.secret) throw new PlaidFailure(PLAID_ERRORS.INVALID_API_KEYS);
      const injected = this.injected.findIndex((e) => !e.path || e.path === path);
      if (injected >= 0) {
        const [e] = this.injected.splice(injected, 1);
        throw new PlaidFailure(e as PlaidInjectedError);
      }
      const item = accessToken ? this.items.get(accessToken) : undefined;
      if (!item || !accessToken) throw new PlaidFailure(PLAID_ERRORS.INVALID_ACCESS_TOKEN);
      if (item.itemError) throw new PlaidFailure(PLAID_ERRORS[item.itemError as keyof typeof PLAID_ERRORS]);
      const accounts = item.accounts.map(accountView);
      if (path === "/accounts/get") {
        return send(200, { accounts, item: { item_id: `item-${accessToken.slice(-8)}` }, request_id: requestId });
      }
      if (path === "/transactions/sync") return send(200, this.syncPage(item, accessToken, body, accounts, requestId));
      return send(
        404,
        errorBody({ status: 404, error_type: "INVALID_REQUEST", error_code: "UNKNOWN_ROUTE" }, requestId),
      );
    } catch (e) {
      if (e instanceof PlaidFailure) return send(e.error.status, errorBody(e.error, requestId));
      send(500, errorBody(PLAID_ERRORS.INTERNAL_SERVER_ERROR, requestId));
    }
  }

  private syncPage(
    item: PlaidItemLog,
    accessToken: string,
    body: Record<string, unknown>,
    accounts: unknown[],
    requestId: string,
  ) {
    const count = body.count ?? 100;
    if (typeof count !== "number" || !Number.isInteger(count) || count < 1 || count > 500)
      throw invalidField("count must be an integer from 1 to 500");
    const cursorText = body.cursor ?? "";
    if (typeof cursorText !== "string") throw invalidField("cursor must be a string");
    const cursor = cursorText === "" ? { b: 0 } : decodeCursor(cursorText);
    if (!cursor || cursor.b > item.version) throw invalidField("cursor is not valid");
    // A continuation cursor belongs to one snapshot: any change since then invalidates the pagination.
    if (cursor.s !== undefined && cursor.s !== item.version)
      throw new PlaidFailure(PLAID_ERRORS.TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION);
    const snapshot = cursor.s ?? item.version;
    const offset = cursor.o ?? 0;
    const all = item.changes(cursor.b, snapshot);
    const page = all.slice(offset, offset + count);
    const hasMore = offset + count < all.length;
    const currencyOf = new Map(item.accounts.map((a) => [a.account_id, a.iso_currency_code]));
    const added: ReturnType<typeof toPlaidTransaction>[] = [];
    const modified: ReturnType<typeof toPlaidTransaction>[] = [];
    const removed: { transaction_id: string; account_id: string | null }[] = [];
    for (const c of page) {
      if (c.kind === "removed") removed.push({ transaction_id: c.id, account_id: c.tx?.account_id ?? null });
      else if (c.tx) {
        const t = toPlaidTransaction(c.tx, currencyOf.get(c.tx.account_id) ?? null);
        (c.kind === "added" ? added : modified).push(t);
      }
    }
    const nextCursor = encodeCursor(hasMore ? { b: cursor.b, s: snapshot, o: offset + count } : { b: snapshot });
    this.afterSyncPage?.({ accessToken, cursor: cursorText, hasMore });
    return {
      transactions_update_status: "HISTORICAL_UPDATE_COMPLETE",
      accounts,
      added,
      modified,
      removed,
      next_cursor: nextCursor,
      has_more: hasMore,
      request_id: requestId,
    };
  }
}

const accountView = (a: PlaidStandInAccount) => ({
  account_id: a.account_id,
  balances: {
    available: null,
    current: 0,
    limit: null,
    iso_currency_code: a.iso_currency_code,
    unofficial_currency_code: a.unofficial_currency_code ?? null,
  },
  mask: a.mask,
  name: a.name,
  official_name: null,
  type: a.type,
  subtype: a.subtype,
});

const errorBody = (e: PlaidInjectedError, requestId: string): PlaidErrorBody => ({
  error_type: e.error_type,
  error_code: e.error_code,
  error_message: e.error_message ?? e.error_code.toLowerCase().replaceAll("_", " "),
  display_message: null,
  request_id: requestId,
  causes: [],
  status: e.status,
  documentation_url: `https://plaid.com/docs/errors/`,
  suggested_action: null,
});

/** Starts a stand-in on a free port of 127.0.0.1. */
export const startPlaidStandIn = async (): Promise<PlaidStandIn> => {
  const standIn = new PlaidStandIn();
  await standIn.start();
  return standIn;
};
