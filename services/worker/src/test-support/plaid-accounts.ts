import type { PlaidStandInAccount } from "@fincoach/testing";

/** The one account of the bank-sync tests and measurements: every transaction goes to it. */
export const CHECKING_ACCOUNT: PlaidStandInAccount = {
  account_id: "a",
  name: "Checking",
  mask: "0000",
  type: "depository",
  subtype: "checking",
  iso_currency_code: "USD",
};
