export { AccountType, AccountView } from "./account-view.ts";
export { CreateAccount, createAccount } from "./create-account.ts";
export { deleteAccount } from "./delete-account.ts";
export { findAccount, getAccount } from "./get-account.ts";
export { listAccounts } from "./list-accounts.ts";
export { UpdateAccount, updateAccount } from "./update-account.ts";
