CREATE TABLE "nudges" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"cause_key" text NOT NULL,
	"facts" jsonb NOT NULL,
	"text" text NOT NULL,
	"source" text NOT NULL,
	"fallback_reason" text,
	"locale" text NOT NULL,
	"dismissed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "nudges" ADD CONSTRAINT "nudges_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "nudges_user_cause_idx" ON "nudges" USING btree ("user_id","cause_key");--> statement-breakpoint
CREATE INDEX "nudges_user_created_idx" ON "nudges" USING btree ("user_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);