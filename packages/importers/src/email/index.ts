export { parseTransactionEmail } from "./parse-transaction-email.ts";
export { SENDER_TEMPLATES } from "./templates/registry.ts";
export type { EmailParseOptions, EmailParseResult, EmailTransactionDraft, SkippedEmailItem } from "./types.ts";
