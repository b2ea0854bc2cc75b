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
ALTER TABLE "call_applications" ALTER COLUMN "state" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "call_applications" ALTER COLUMN "state" SET DEFAULT 'submitted'::text;--> statement-breakpoint
DROP TYPE "public"."application_state";--> statement-breakpoint
CREATE TYPE "public"."application_state" AS ENUM('unconfirmed', 'submitted', 'more_info_requested', 'accepted', 'rejected');--> statement-breakpoint
ALTER TABLE "call_applications" ALTER COLUMN "state" SET DEFAULT 'submitted'::"public"."application_state";--> statement-breakpoint
ALTER TABLE "call_applications" ALTER COLUMN "state" SET DATA TYPE "public"."application_state" USING "state"::"public"."application_state";--> statement-breakpoint
ALTER TABLE "call_applications" ALTER COLUMN "applicant_user_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "open_calls" ALTER COLUMN "state" SET DEFAULT 'draft';--> statement-breakpoint
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
ALTER TABLE "open_calls" ADD COLUMN "kinds" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "open_calls" ADD COLUMN "published_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "open_calls" ADD COLUMN "closed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "open_calls" ADD COLUMN "created_by" integer;--> statement-breakpoint
ALTER TABLE "call_application_files" ADD CONSTRAINT "call_application_files_application_id_call_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."call_applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_application_files" ADD CONSTRAINT "call_application_files_file_sha256_files_sha256_fk" FOREIGN KEY ("file_sha256") REFERENCES "public"."files"("sha256") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_application_notes" ADD CONSTRAINT "call_application_notes_application_id_call_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."call_applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "call_application_files_idx" ON "call_application_files" USING btree ("application_id");--> statement-breakpoint
CREATE INDEX "call_application_notes_idx" ON "call_application_notes" USING btree ("application_id","created_at");--> statement-breakpoint
ALTER TABLE "open_calls" ADD CONSTRAINT "open_calls_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "call_applications_source_idx" ON "call_applications" USING btree ("source_key","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "call_applications_confirm_token" ON "call_applications" USING btree ("confirm_token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "call_applications_access_token" ON "call_applications" USING btree ("access_token_hash");--> statement-breakpoint
CREATE INDEX "open_calls_forum_idx" ON "open_calls" USING btree ("forum_id","opens_on");--> statement-breakpoint
ALTER TABLE "call_applications" ADD CONSTRAINT "call_applications_applicant" CHECK ("call_applications"."applicant_user_id" is not null or "call_applications"."applicant_email" is not null);--> statement-breakpoint
ALTER TABLE "call_applications" ADD CONSTRAINT "call_applications_website_scheme" CHECK ("call_applications"."website" is null or "call_applications"."website" ~ '^https?://');