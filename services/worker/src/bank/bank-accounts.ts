import { type AccountType, accounts, connections, type Tx } from "@fincoach/db";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { AccountBase } from "plaid";

const ACCOUNT_TYPES: Record<string, AccountType> = {
  credit: "credit_card",
  loan: "loan",
  investment: "investment",
  brokerage: "investment",
};

const accountType = (a: AccountBase | undefined): AccountType =>
  ACCOUNT_TYPES[a?.type ?? ""] ?? (a?.subtype === "savings" ? "savings" : "checking");

/**
 * The FinCoach account of every Plaid account a page touches: the connection's accountMap
 * entry when it still names one of the person's accounts, else a new account (named after
 * the connection and Plaid's name and mask, in the account's currency) recorded in the
 * accountMap, so the next sync and the person see the same mapping. Callers hold the
 * connection's advisory lock, so two batches cannot both create one.
 */
export const resolveBankAccounts = async (
  tx: Tx,
  o: {
    userId: string;
    connectionId: string;
    connectionName: string;
    needed: Map<string, string>;
    plaidAccounts: AccountBase[];
  },
): Promise<{ byPlaidId: Map<string, string>; all: string[] }> => {
  const [conn] = await tx
    .select({ settings: connections.settings })
    .from(connections)
    .where(and(eq(connections.id, o.connectionId), eq(connections.userId, o.userId)));
  const map = { ...((conn?.settings as { accountMap?: Record<string, string> } | undefined)?.accountMap ?? {}) };
  const mapped = Object.values(map);
  const existing = new Set(
    mapped.length === 0
      ? []
      : (
          await tx
            .select({ id: accounts.id })
            .from(accounts)
            .where(and(eq(accounts.userId, o.userId), inArray(accounts.id, mapped)))
        ).map((r) => r.id),
  );
  const byPlaidId = new Map<string, string>();
  for (const [plaidId, accountId] of Object.entries(map))
    if (existing.has(accountId)) byPlaidId.set(plaidId, accountId);
  const meta = new Map(o.plaidAccounts.map((a) => [a.account_id, a]));
  // needed: Plaid account id -> the currency of a transaction in it (when Plaid gives the account none).
  for (const [plaidId, currency] of o.needed) {
    if (byPlaidId.has(plaidId)) continue;
    const a = meta.get(plaidId);
    const name = `${o.connectionName} ${a?.name ?? plaidId}${a?.mask ? ` ••${a.mask}` : ""}`;
    const [made] = await tx
      .insert(accounts)
      .values({
        userId: o.userId,
        name,
        type: accountType(a),
        currency: a?.balances.iso_currency_code ?? currency,
      })
      .returning({ id: accounts.id });
    if (!made) throw new Error("account insert returned nothing");
    byPlaidId.set(plaidId, made.id);
    await tx
      .update(connections)
      .set({
        settings: sql`jsonb_set(${connections.settings}, '{accountMap}', coalesce(${connections.settings}->'accountMap', '{}'::jsonb) || jsonb_build_object(${plaidId}::text, ${made.id}::text))`,
      })
      .where(and(eq(connections.id, o.connectionId), eq(connections.userId, o.userId)));
  }
  return { byPlaidId, all: [...new Set([...existing, ...byPlaidId.values()])] };
};
