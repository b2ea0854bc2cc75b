CREATE TYPE "public"."subscription_frequency" AS ENUM('immediate', 'daily', 'weekly');--> statement-breakpoint
CREATE TYPE "public"."subscription_target" AS ENUM('commitment', 'plan', 'member');--> statement-breakpoint
CREATE TABLE "public_subscriptions" (
	"id" serial PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"target_type" "subscription_target" NOT NULL,
	"target_id" integer NOT NULL,
	"frequency" "subscription_frequency" NOT NULL,
	"locale" text DEFAULT 'es' NOT NULL,
	"confirm_token_hash" text,
	"confirm_expires_at" timestamp with time zone,
	"confirmed_at" timestamp with time zone,
	"unsubscribe_token" text NOT NULL,
	"last_event_id" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "public_subscriptions_email_length" CHECK (length("public_subscriptions"."email") <= 254)
);
--> statement-breakpoint
CREATE TABLE "subscription_attempts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"source_hash" text NOT NULL,
	"email_hash" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "subscription_digests" (
	"id" serial PRIMARY KEY NOT NULL,
	"subscription_id" integer NOT NULL,
	"period" text NOT NULL,
	"events" integer NOT NULL,
	"last_event_id" integer NOT NULL,
	"sent_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "subscription_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"commitment_id" integer,
	"milestone_id" integer,
	"plan_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"text" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"path" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "read_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "follow_up_report_milestones" ADD COLUMN "verified_narrative" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "follow_up_report_milestones" ADD COLUMN "verified_as_of" date;--> statement-breakpoint
ALTER TABLE "follow_up_report_milestones" ADD COLUMN "verified_evidence" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "subscription_digests" ADD CONSTRAINT "subscription_digests_subscription_id_public_subscriptions_id_fk" FOREIGN KEY ("subscription_id") REFERENCES "public"."public_subscriptions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscription_events" ADD CONSTRAINT "subscription_events_commitment_id_commitments_id_fk" FOREIGN KEY ("commitment_id") REFERENCES "public"."commitments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscription_events" ADD CONSTRAINT "subscription_events_milestone_id_milestones_id_fk" FOREIGN KEY ("milestone_id") REFERENCES "public"."milestones"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscription_events" ADD CONSTRAINT "subscription_events_plan_id_action_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."action_plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscription_events" ADD CONSTRAINT "subscription_events_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "public_subscriptions_email_target_unique" ON "public_subscriptions" USING btree ("email","target_type","target_id");--> statement-breakpoint
CREATE UNIQUE INDEX "public_subscriptions_confirm_unique" ON "public_subscriptions" USING btree ("confirm_token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "public_subscriptions_unsubscribe_unique" ON "public_subscriptions" USING btree ("unsubscribe_token");--> statement-breakpoint
CREATE INDEX "public_subscriptions_target_idx" ON "public_subscriptions" USING btree ("target_type","target_id");--> statement-breakpoint
CREATE INDEX "subscription_attempts_source_idx" ON "subscription_attempts" USING btree ("source_hash","at");--> statement-breakpoint
CREATE INDEX "subscription_attempts_email_idx" ON "subscription_attempts" USING btree ("email_hash","at");--> statement-breakpoint
CREATE UNIQUE INDEX "subscription_digests_once" ON "subscription_digests" USING btree ("subscription_id","period");--> statement-breakpoint
CREATE INDEX "subscription_events_commitment_idx" ON "subscription_events" USING btree ("commitment_id","id");--> statement-breakpoint
CREATE INDEX "subscription_events_plan_idx" ON "subscription_events" USING btree ("plan_id","id");--> statement-breakpoint
CREATE INDEX "subscription_events_member_idx" ON "subscription_events" USING btree ("member_id","id");