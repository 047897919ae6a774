import { ACCOUNT_TYPES, type Account } from "@fincoach/db";
import { z } from "zod";
import { toDecimal } from "../shared/amounts.ts";
import { CurrencyCode, DecimalAmount, Timestamp, Uuid } from "../shared/schemas.ts";

export const AccountType = z.enum(ACCOUNT_TYPES);

/**
 * The account number or IBAN as statements write it. It picks this account's statement out
 * of a file holding several accounts' statements; the first import of a file stating one sets it.
 */
export const AccountNumber = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .meta({ description: "Account number or IBAN as the bank's statements write it", example: "DE89370400440532013000" });

export const AccountView = z
  .object({
    id: Uuid,
    name: z.string(),
    type: AccountType,
    currency: CurrencyCode,
    accountNumber: z.string().nullable(),
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
  accountNumber: a.accountNumber,
  openingBalance: toDecimal(a.openingBalanceMinor, a.currency),
  balance: toDecimal(a.openingBalanceMinor + transactionsTotalMinor, a.currency),
  createdAt: a.createdAt.toISOString(),
  updatedAt: a.updatedAt.toISOString(),
});
