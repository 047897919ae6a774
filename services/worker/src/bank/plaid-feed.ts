import { Configuration, PlaidApi, type TransactionsSyncResponse } from "plaid";
import { classifyPlaidFailure, PlaidRequestFailed } from "./plaid-errors.ts";

/** Where Plaid is (or a stand-in following its contract) and the client's keys. */
export type PlaidConfig = {
  baseUrl: string;
  clientId: string | undefined;
  secret: string | undefined;
  /** Per request; a hung call must not hold the job's lock forever. */
  timeoutMs?: number;
};

/** One `/transactions/sync` page, as the sync needs it. */
export type PlaidSyncPage = Pick<
  TransactionsSyncResponse,
  "added" | "modified" | "removed" | "next_cursor" | "has_more" | "accounts"
>;

export type PlaidFeed = {
  /** One page from `cursor` ("" = from the beginning); throws PlaidRequestFailed. */
  syncPage(accessToken: string, cursor: string, count: number): Promise<PlaidSyncPage>;
};

/** The official client pointed at `baseUrl`; keys go in Plaid's headers, never in logs. */
export const createPlaidFeed = (config: PlaidConfig): PlaidFeed => {
  const plaid = new PlaidApi(
    new Configuration({
      basePath: config.baseUrl,
      baseOptions: {
        timeout: config.timeoutMs ?? 30_000,
        headers: { "PLAID-CLIENT-ID": config.clientId ?? "", "PLAID-SECRET": config.secret ?? "" },
      },
    }),
  );
  return {
    syncPage: async (accessToken, cursor, count) => {
      // Said plainly rather than as Plaid's INVALID_API_KEYS: the fix is this worker's environment.
      if (!config.clientId || !config.secret)
        throw new PlaidRequestFailed(
          "refused",
          "Plaid is not configured on this worker (PLAID_CLIENT_ID, PLAID_SECRET)",
          {},
        );
      try {
        const { data } = await plaid.transactionsSync({
          access_token: accessToken,
          count,
          // Plaid: omit the cursor (or send "") for the first sync of an Item.
          ...(cursor ? { cursor } : {}),
        });
        return data;
      } catch (e) {
        throw classifyPlaidFailure(e);
      }
    },
  };
};
