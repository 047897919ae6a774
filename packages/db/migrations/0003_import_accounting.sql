-- Import accounting (every record a file holds is inserted, a duplicate or skipped with a
-- reason), the account number that picks a statement out of a multi-account file, and the
-- end of the list cache: its NOTIFY triggers made every committing writer queue on one
-- database-wide lock. ADD COLUMN with a constant default and DROP TRIGGER take brief
-- ACCESS EXCLUSIVE locks and rewrite nothing.
ALTER TABLE "accounts" ADD COLUMN "account_number" text;--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "seen" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "skipped" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "truncated" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "skipped_records" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "statement_account" text;--> statement-breakpoint
DROP TRIGGER IF EXISTS "transactions_notify_insert" ON "transactions";--> statement-breakpoint
DROP TRIGGER IF EXISTS "transactions_notify_update" ON "transactions";--> statement-breakpoint
DROP TRIGGER IF EXISTS "transactions_notify_delete" ON "transactions";--> statement-breakpoint
DROP TRIGGER IF EXISTS "transactions_notify_truncate" ON "transactions";--> statement-breakpoint
DROP TRIGGER IF EXISTS "transaction_splits_notify_insert" ON "transaction_splits";--> statement-breakpoint
DROP TRIGGER IF EXISTS "transaction_splits_notify_update" ON "transaction_splits";--> statement-breakpoint
DROP TRIGGER IF EXISTS "transaction_splits_notify_delete" ON "transaction_splits";--> statement-breakpoint
DROP TRIGGER IF EXISTS "transaction_splits_notify_truncate" ON "transaction_splits";--> statement-breakpoint
DROP FUNCTION IF EXISTS "notify_user_data_changed"();
