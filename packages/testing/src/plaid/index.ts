export type { PlaidStandInAccount, PlaidStandInTransaction } from "./plaid-item.ts";
export {
  PLAID_ERRORS,
  type PlaidErrorBody,
  type PlaidInjectedError,
  type PlaidRequestRecord,
  PlaidStandIn,
  startPlaidStandIn,
} from "./plaid-stand-in.ts";
