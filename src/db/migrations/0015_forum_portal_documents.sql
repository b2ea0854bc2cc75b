CREATE TYPE "public"."subscription_frequency" AS ENUM('immediate', 'daily', 'weekly');--> statement-breakpoint
CREATE TYPE "public"."subscription_target" AS ENUM('commitment', 'plan', 'member');--> statement-breakpoint
CREATE TYPE "public"."news_kind" AS ENUM('news', 'event');--> statement-breakpoint
CREATE TYPE "public"."news_state" AS ENUM('draft', 'published', 'unpublished');--> statement-breakpoint
CREATE TABLE "call_application_files" (
	"id" serial PRIMARY KEY NOT NULL,
	"application_id" integer NOT NULL,
	"file_sha256" text NOT NULL,
	"file_name" text NOT NULL,
	"media_type" text NOT NULL,
	"size" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "call_application_notes" (
	"id" serial PRIMARY KEY NOT NULL,
	"application_id" integer NOT NULL,
	"kind" text NOT NULL,
	"body" text NOT NULL,
	"author_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "call_application_notes_kind" CHECK ("call_application_notes"."kind" in ('request', 'answer', 'decision'))
);
--> statement-breakpoint
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
CREATE TABLE "news_changes" (
	"id" serial PRIMARY KEY NOT NULL,
	"item_id" integer NOT NULL,
	"action" text NOT NULL,
	"changes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"reason" text,
	"changed_by" text NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "news_changes_action" CHECK ("news_changes"."action" in ('correction', 'unpublish'))
);
--> statement-breakpoint
CREATE TABLE "news_items" (
	"id" serial PRIMARY KEY NOT NULL,
	"forum_id" integer NOT NULL,
	"kind" "news_kind" DEFAULT 'news' NOT NULL,
	"title" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"body" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"item_date" date NOT NULL,
	"starts_at" timestamp with time zone,
	"ends_at" timestamp with time zone,
	"place" text DEFAULT '' NOT NULL,
	"link" text,
	"state" "news_state" DEFAULT 'draft' NOT NULL,
	"published_at" timestamp with time zone,
	"unpublished_at" timestamp with time zone,
	"unpublish_reason" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "news_items_event_times" CHECK ("news_items"."kind" = 'news' or ("news_items"."starts_at" is not null and "news_items"."ends_at" is not null and "news_items"."ends_at" > "news_items"."starts_at")),
	CONSTRAINT "news_items_link_scheme" CHECK ("news_items"."link" is null or "news_items"."link" ~ '^https?://'),
	CONSTRAINT "news_items_unpublish_reason" CHECK ("news_items"."state" <> 'unpublished' or ("news_items"."unpublish_reason" is not null and "news_items"."unpublished_at" is not null)),
	CONSTRAINT "news_items_published_at" CHECK ("news_items"."state" = 'draft' or "news_items"."published_at" is not null)
);
--> statement-breakpoint
CREATE TABLE "document_versions" (
	"id" serial PRIMARY KEY NOT NULL,
	"document_id" integer NOT NULL,
	"number" integer NOT NULL,
	"file_sha256" text,
	"url" text,
	"file_name" text,
	"reason" text DEFAULT '' NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "document_versions_file_or_url" CHECK (("document_versions"."file_sha256" is not null) <> ("document_versions"."url" is not null)),
	CONSTRAINT "document_versions_url_scheme" CHECK ("document_versions"."url" is null or "document_versions"."url" ~ '^https?://'),
	CONSTRAINT "document_versions_number_positive" CHECK ("document_versions"."number" > 0)
);
--> statement-breakpoint
CREATE TABLE "document_withdrawals" (
	"document_id" integer PRIMARY KEY NOT NULL,
	"reason" text NOT NULL,
	"withdrawn_by" integer,
	"withdrawn_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "call_applications" ALTER COLUMN "state" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "call_applications" ALTER COLUMN "state" SET DEFAULT 'submitted'::text;--> statement-breakpoint
DROP TYPE "public"."application_state";--> statement-breakpoint
CREATE TYPE "public"."application_state" AS ENUM('unconfirmed', 'submitted', 'more_info_requested', 'accepted', 'rejected');--> statement-breakpoint
ALTER TABLE "call_applications" ALTER COLUMN "state" SET DEFAULT 'submitted'::"public"."application_state";--> statement-breakpoint
ALTER TABLE "call_applications" ALTER COLUMN "state" SET DATA TYPE "public"."application_state" USING "state"::"public"."application_state";--> statement-breakpoint
ALTER TABLE "call_applications" ALTER COLUMN "applicant_user_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "open_calls" ALTER COLUMN "state" SET DEFAULT 'draft';--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "secretariat_institution" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "action_plans" ADD COLUMN "practice" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "read_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "follow_up_report_milestones" ADD COLUMN "verified_narrative" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "follow_up_report_milestones" ADD COLUMN "verified_as_of" date;--> statement-breakpoint
ALTER TABLE "follow_up_report_milestones" ADD COLUMN "verified_evidence" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "call_applications" ADD COLUMN "applicant_email" text;--> statement-breakpoint
ALTER TABLE "call_applications" ADD COLUMN "confirm_token_hash" text;--> statement-breakpoint
ALTER TABLE "call_applications" ADD COLUMN "confirm_expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "call_applications" ADD COLUMN "access_token_hash" text;--> statement-breakpoint
ALTER TABLE "call_applications" ADD COLUMN "locale" text DEFAULT 'es' NOT NULL;--> statement-breakpoint
ALTER TABLE "call_applications" ADD COLUMN "source_key" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "call_applications" ADD COLUMN "focus_areas" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "call_applications" ADD COLUMN "representative_name" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "call_applications" ADD COLUMN "representative_email" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "call_applications" ADD COLUMN "regional_presence" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "call_applications" ADD COLUMN "submitted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "forum_memberships" ADD COLUMN "end_reason" text;--> statement-breakpoint
ALTER TABLE "open_calls" ADD COLUMN "kinds" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "open_calls" ADD COLUMN "published_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "open_calls" ADD COLUMN "closed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "open_calls" ADD COLUMN "created_by" integer;--> statement-breakpoint
ALTER TABLE "call_application_files" ADD CONSTRAINT "call_application_files_application_id_call_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."call_applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_application_files" ADD CONSTRAINT "call_application_files_file_sha256_files_sha256_fk" FOREIGN KEY ("file_sha256") REFERENCES "public"."files"("sha256") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_application_notes" ADD CONSTRAINT "call_application_notes_application_id_call_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."call_applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscription_digests" ADD CONSTRAINT "subscription_digests_subscription_id_public_subscriptions_id_fk" FOREIGN KEY ("subscription_id") REFERENCES "public"."public_subscriptions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscription_events" ADD CONSTRAINT "subscription_events_commitment_id_commitments_id_fk" FOREIGN KEY ("commitment_id") REFERENCES "public"."commitments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscription_events" ADD CONSTRAINT "subscription_events_milestone_id_milestones_id_fk" FOREIGN KEY ("milestone_id") REFERENCES "public"."milestones"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscription_events" ADD CONSTRAINT "subscription_events_plan_id_action_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."action_plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscription_events" ADD CONSTRAINT "subscription_events_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "news_changes" ADD CONSTRAINT "news_changes_item_id_news_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."news_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "news_items" ADD CONSTRAINT "news_items_forum_id_forums_id_fk" FOREIGN KEY ("forum_id") REFERENCES "public"."forums"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "news_items" ADD CONSTRAINT "news_items_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_versions" ADD CONSTRAINT "document_versions_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_versions" ADD CONSTRAINT "document_versions_file_sha256_files_sha256_fk" FOREIGN KEY ("file_sha256") REFERENCES "public"."files"("sha256") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_versions" ADD CONSTRAINT "document_versions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_withdrawals" ADD CONSTRAINT "document_withdrawals_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_withdrawals" ADD CONSTRAINT "document_withdrawals_withdrawn_by_users_id_fk" FOREIGN KEY ("withdrawn_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "call_application_files_idx" ON "call_application_files" USING btree ("application_id");--> statement-breakpoint
CREATE INDEX "call_application_notes_idx" ON "call_application_notes" USING btree ("application_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "public_subscriptions_email_target_unique" ON "public_subscriptions" USING btree ("email","target_type","target_id");--> statement-breakpoint
CREATE UNIQUE INDEX "public_subscriptions_confirm_unique" ON "public_subscriptions" USING btree ("confirm_token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "public_subscriptions_unsubscribe_unique" ON "public_subscriptions" USING btree ("unsubscribe_token");--> statement-breakpoint
CREATE INDEX "public_subscriptions_target_idx" ON "public_subscriptions" USING btree ("target_type","target_id");--> statement-breakpoint
CREATE INDEX "subscription_attempts_source_idx" ON "subscription_attempts" USING btree ("source_hash","at");--> statement-breakpoint
CREATE INDEX "subscription_attempts_email_idx" ON "subscription_attempts" USING btree ("email_hash","at");--> statement-breakpoint
CREATE UNIQUE INDEX "subscription_digests_once" ON "subscription_digests" USING btree ("subscription_id","period");--> statement-breakpoint
CREATE INDEX "subscription_events_commitment_idx" ON "subscription_events" USING btree ("commitment_id","id");--> statement-breakpoint
CREATE INDEX "subscription_events_plan_idx" ON "subscription_events" USING btree ("plan_id","id");--> statement-breakpoint
CREATE INDEX "subscription_events_member_idx" ON "subscription_events" USING btree ("member_id","id");--> statement-breakpoint
CREATE INDEX "news_changes_item_idx" ON "news_changes" USING btree ("item_id","changed_at");--> statement-breakpoint
CREATE INDEX "news_items_forum_idx" ON "news_items" USING btree ("forum_id","state","item_date");--> statement-breakpoint
CREATE UNIQUE INDEX "document_versions_document_number_unique" ON "document_versions" USING btree ("document_id","number");--> statement-breakpoint
CREATE INDEX "document_versions_document_idx" ON "document_versions" USING btree ("document_id");--> statement-breakpoint
ALTER TABLE "open_calls" ADD CONSTRAINT "open_calls_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "call_applications_source_idx" ON "call_applications" USING btree ("source_key","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "call_applications_confirm_token" ON "call_applications" USING btree ("confirm_token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "call_applications_access_token" ON "call_applications" USING btree ("access_token_hash");--> statement-breakpoint
CREATE INDEX "open_calls_forum_idx" ON "open_calls" USING btree ("forum_id","opens_on");--> statement-breakpoint
ALTER TABLE "call_applications" ADD CONSTRAINT "call_applications_applicant" CHECK ("call_applications"."applicant_user_id" is not null or "call_applications"."applicant_email" is not null);--> statement-breakpoint
ALTER TABLE "call_applications" ADD CONSTRAINT "call_applications_website_scheme" CHECK ("call_applications"."website" is null or "call_applications"."website" ~ '^https?://');