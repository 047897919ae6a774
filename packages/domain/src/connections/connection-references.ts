import { accounts } from "@fincoach/db";
import { and, eq, inArray } from "drizzle-orm";
import { referenceNotFound } from "../categories/reference-not-found.ts";
import type { Ctx } from "../shared/context.ts";

/**
 * Accounts a connection names must be the person's own: `accountId` (IMAP) and every
 * value of `accountMap` (Plaid); someone else's answers 404 naming the field, like a
 * missing one.
 */
export const checkConnectionAccounts = async (
  ctx: Ctx,
  refs: { accountId?: string | null | undefined; accountMap?: Record<string, string> | undefined },
): Promise<void> => {
  const wanted = new Map<string, string>();
  if (refs.accountId) wanted.set(refs.accountId, "accountId");
  for (const [plaidId, accountId] of Object.entries(refs.accountMap ?? {})) {
    if (!wanted.has(accountId)) wanted.set(accountId, `accountMap.${plaidId}`);
  }
  if (wanted.size === 0) return;
  const own = await ctx.db
    .select({ id: accounts.id })
    .from(accounts)
    .where(and(eq(accounts.userId, ctx.userId), inArray(accounts.id, [...wanted.keys()])));
  const found = new Set(own.map((a) => a.id));
  for (const [id, field] of wanted) if (!found.has(id)) throw referenceNotFound(field, "account");
};
