import type { PlaidSettingsData } from "@fincoach/db";
import type { ConnectionCheck } from "@fincoach/domain";
import { AppError } from "@fincoach/errors";
import { Configuration, PlaidApi } from "plaid";

export type PlaidConfig = { baseUrl: string; clientId: string | undefined; secret: string | undefined };

type PlaidFailure = {
  code?: string;
  response?: { status?: number; data?: { error_code?: string; error_message?: string } };
};

/**
 * Calls `/accounts/get` with the stored access token through the official client; Plaid's
 * `error_code: error_message` is the reason. Also names accountMap entries the Item does
 * not have, which a sync could never fill.
 */
export const checkPlaidCredentials =
  (config: PlaidConfig, timeoutMs: number) =>
  async (settings: PlaidSettingsData, accessToken: string): Promise<ConnectionCheck> => {
    if (!config.clientId || !config.secret) {
      throw new AppError(
        "PRECONDITION_FAILED",
        "Plaid is not configured on this server (PLAID_CLIENT_ID, PLAID_SECRET)",
      );
    }
    const plaid = new PlaidApi(
      new Configuration({
        basePath: config.baseUrl,
        baseOptions: {
          timeout: timeoutMs,
          headers: { "PLAID-CLIENT-ID": config.clientId, "PLAID-SECRET": config.secret },
        },
      }),
    );
    try {
      const { data } = await plaid.accountsGet({ access_token: accessToken });
      const known = new Set(data.accounts.map((a) => a.account_id));
      const missing = Object.keys(settings.accountMap).filter((id) => !known.has(id));
      if (missing.length > 0) {
        return { ok: false, reason: `accountMap names accounts this Item does not have: ${missing.join(", ")}` };
      }
      return { ok: true };
    } catch (e) {
      const failure = e as PlaidFailure;
      const body = failure.response?.data;
      const reason = body?.error_code
        ? `${body.error_code}: ${body.error_message ?? ""}`.trim()
        : failure.response?.status
          ? `Plaid answered HTTP ${failure.response.status}`
          : `Plaid unreachable at ${config.baseUrl}${failure.code ? ` (${failure.code})` : ""}`;
      return { ok: false, reason: reason.replaceAll(accessToken, "[redacted]") };
    }
  };
