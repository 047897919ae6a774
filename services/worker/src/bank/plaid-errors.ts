/**
 * How a failed Plaid call is handled, from Plaid's documented `error_type` / `error_code`
 * (https://plaid.com/docs/errors/):
 * - `credentials`: the Item needs the person (re-login through Link, a revoked or wrong
 *   access token). Retrying cannot help: the connection needs attention, no retry.
 * - `mutation`: TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION; restart from the cursor the
 *   pagination started with.
 * - `transient`: rate limits, Plaid or institution outages, network failures: retry later.
 * - `refused`: anything else Plaid refuses (our keys, a malformed request): retrying the same
 *   request gets the same answer, so no retry; not the person's fault either.
 */
export type PlaidFailureKind = "credentials" | "mutation" | "transient" | "refused";

const CREDENTIAL_CODES = new Set([
  "ITEM_LOGIN_REQUIRED",
  "INVALID_ACCESS_TOKEN",
  "ITEM_NOT_FOUND",
  "ACCESS_NOT_GRANTED",
  "INVALID_CREDENTIALS",
  "ITEM_LOCKED",
  "USER_SETUP_REQUIRED",
  "INSUFFICIENT_CREDENTIALS",
  "NO_ACCOUNTS",
]);
const TRANSIENT_TYPES = new Set(["RATE_LIMIT_EXCEEDED", "API_ERROR", "INSTITUTION_ERROR"]);
const TRANSIENT_CODES = new Set(["PRODUCT_NOT_READY", "ITEM_NOT_SUPPORTED_YET"]);

/** A Plaid call that failed: Plaid's code (never the access token) and what to do about it. */
export class PlaidRequestFailed extends Error {
  override readonly name = "PlaidRequestFailed";
  readonly kind: PlaidFailureKind;
  readonly status: number | undefined;
  readonly errorCode: string | undefined;
  constructor(kind: PlaidFailureKind, message: string, o: { status?: number; errorCode?: string }) {
    super(message);
    this.kind = kind;
    this.status = o.status;
    this.errorCode = o.errorCode;
  }
}

type AxiosLikeFailure = {
  code?: string;
  response?: { status?: number; data?: { error_type?: string; error_code?: string; error_message?: string } };
};

/** Classifies what the official client (axios) threw. */
export const classifyPlaidFailure = (error: unknown): PlaidRequestFailed => {
  const failure = error as AxiosLikeFailure;
  const status = failure.response?.status;
  const body = failure.response?.data;
  const code = body?.error_code;
  const type = body?.error_type;
  // No `cause`: the client's error carries the request (access token) and the key headers.
  const at = { ...(status ? { status } : {}), ...(code ? { errorCode: code } : {}) };
  if (!failure.response)
    return new PlaidRequestFailed("transient", `Plaid unreachable${failure.code ? ` (${failure.code})` : ""}`, at);
  const message = code ? `Plaid ${code}: ${body?.error_message ?? ""}`.trim() : `Plaid answered HTTP ${status}`;
  if (code === "TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION") return new PlaidRequestFailed("mutation", message, at);
  if (code && CREDENTIAL_CODES.has(code)) return new PlaidRequestFailed("credentials", message, at);
  if (
    status === 429 ||
    (status !== undefined && status >= 500) ||
    (type && TRANSIENT_TYPES.has(type)) ||
    (code && TRANSIENT_CODES.has(code))
  )
    return new PlaidRequestFailed("transient", message, at);
  return new PlaidRequestFailed("refused", message, at);
};
