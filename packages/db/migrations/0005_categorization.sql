CREATE TABLE "category_feedback" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"transaction_id" uuid,
	"source" text NOT NULL,
	"model" text,
	"model_version" text,
	"merchant_key" text,
	"predicted_category_id" uuid,
	"final_category_id" uuid,
	"outcome" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "merchant_memories" (
	"user_id" uuid NOT NULL,
	"merchant_key" text NOT NULL,
	"category_id" uuid NOT NULL,
	"corrections" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "merchant_memories_user_id_merchant_key_pk" PRIMARY KEY("user_id","merchant_key")
);
--> statement-breakpoint
CREATE TABLE "model_artifacts" (
	"sha256" text PRIMARY KEY NOT NULL,
	"bytes" "bytea" NOT NULL,
	"size" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "model_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"model" text NOT NULL,
	"version" text NOT NULL,
	"user_id" uuid,
	"artifact_uri" text NOT NULL,
	"artifact_sha256" text NOT NULL,
	"format" text DEFAULT 'onnx' NOT NULL,
	"labels" jsonb NOT NULL,
	"training" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "transactions" ADD COLUMN "category_source" text;--> statement-breakpoint
ALTER TABLE "transactions" ADD COLUMN "category_confidence" real;--> statement-breakpoint
ALTER TABLE "transactions" ADD COLUMN "category_model" text;--> statement-breakpoint
ALTER TABLE "transactions" ADD COLUMN "category_model_version" text;--> statement-breakpoint
ALTER TABLE "transactions" ADD COLUMN "category_alternatives" jsonb;--> statement-breakpoint
ALTER TABLE "transactions" ADD COLUMN "suggested_category_id" uuid;--> statement-breakpoint
ALTER TABLE "transactions" ADD COLUMN "categorized_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "category_confidence_threshold" real DEFAULT 0.5 NOT NULL;--> statement-breakpoint
ALTER TABLE "category_feedback" ADD CONSTRAINT "category_feedback_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "merchant_memories" ADD CONSTRAINT "merchant_memories_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "merchant_memories" ADD CONSTRAINT "merchant_memories_category_id_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."categories"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "model_versions" ADD CONSTRAINT "model_versions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "category_feedback_version_idx" ON "category_feedback" USING btree ("model","model_version","created_at");--> statement-breakpoint
CREATE INDEX "category_feedback_user_merchant_idx" ON "category_feedback" USING btree ("user_id","merchant_key","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "model_versions_model_version_idx" ON "model_versions" USING btree ("model","version");--> statement-breakpoint
CREATE INDEX "model_versions_user_idx" ON "model_versions" USING btree ("user_id","created_at");--> statement-breakpoint
ALTER TABLE "transactions" ADD CONSTRAINT "transactions_suggested_category_id_categories_id_fk" FOREIGN KEY ("suggested_category_id") REFERENCES "public"."categories"("id") ON DELETE set null ON UPDATE no action;