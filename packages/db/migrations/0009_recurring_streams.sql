CREATE TABLE "recurring_streams" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"merchant_key" text NOT NULL,
	"direction" text NOT NULL,
	"cadence" text NOT NULL,
	"currency" char(3) NOT NULL,
	"name" text,
	"occurrences" integer NOT NULL,
	"first_date" date NOT NULL,
	"last_date" date NOT NULL,
	"average_minor" bigint NOT NULL,
	"last_amount_minor" bigint NOT NULL,
	"predicted_next_date" date NOT NULL,
	"following_date" date NOT NULL,
	"price_change" jsonb,
	"transaction_ids" uuid[] NOT NULL,
	"confirmed_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "recurring_streams" ADD CONSTRAINT "recurring_streams_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recurring_streams" ADD CONSTRAINT "recurring_streams_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "recurring_streams_user_account_merchant_idx" ON "recurring_streams" USING btree ("user_id","account_id","merchant_key");