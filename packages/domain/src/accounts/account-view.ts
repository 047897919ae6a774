import { ACCOUNT_TYPES, type Account } from "@fincoach/db";
import { z } from "zod";
import { toDecimal } from "../shared/amounts.ts";
import { CurrencyCode, DecimalAmount, Timestamp, Uuid } from "../shared/schemas.ts";

export const AccountType = z.enum(ACCOUNT_TYPES);

export const AccountView = z
  .object({
    id: Uuid,
    name: z.string(),
    type: AccountType,
    currency: CurrencyCode,
    openingBalance: DecimalAmount,
    /** openingBalance plus every transaction on the account. */
    balance: DecimalAmount,
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: "Account" });
export type AccountView = z.infer<typeof AccountView>;

export const toAccountView = (a: Account, transactionsTotalMinor: bigint): AccountView => ({
  id: a.id,
  name: a.name,
  type: a.type,
  currency: a.currency,
  openingBalance: toDecimal(a.openingBalanceMinor, a.currency),
  balance: toDecimal(a.openingBalanceMinor + transactionsTotalMinor, a.currency),
  createdAt: a.createdAt.toISOString(),
  updatedAt: a.updatedAt.toISOString(),
});
