export { BulkRecategorize, bulkRecategorize } from "./bulk-recategorize.ts";
export { CreateTransaction, createTransaction } from "./create-transaction.ts";
export { CreateTransfer, createTransfer } from "./create-transfer.ts";
export { deleteTransaction } from "./delete-transaction.ts";
export { getTransaction } from "./get-transaction.ts";
export { getTransfer } from "./get-transfer.ts";
export { LinkTransfer, linkTransfer } from "./link-transfer.ts";
export { decodeCursor, encodeCursor, type ListCursor } from "./list-cursor.ts";
export { ListTransactions, listTransactions, TransactionPage } from "./list-transactions.ts";
export { loadSplits } from "./load-splits.ts";
export { ReplaceSplits, removeSplits, replaceSplits } from "./replace-splits.ts";
export { SplitEvenly, splitEvenly } from "./split-evenly.ts";
export { SplitPart } from "./split-parts.ts";
export {
  CategoryAlternative,
  CategoryDecision,
  SplitView,
  TransactionView,
  toTransactionView,
} from "./transaction-view.ts";
export { TransferView } from "./transfer-view.ts";
export { UpdateTransaction, updateTransaction } from "./update-transaction.ts";
