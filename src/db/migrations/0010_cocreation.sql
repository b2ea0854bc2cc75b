CREATE TYPE "public"."cocreation_phase_kind" AS ENUM('process_design', 'call_for_proposals', 'working_tables', 'drafting', 'consultation', 'approval');--> statement-breakpoint
CREATE TYPE "public"."ogp_value" AS ENUM('access_to_information', 'civic_participation', 'public_accountability', 'technology_innovation');--> statement-breakpoint
CREATE TYPE "public"."proposal_response_state" AS ENUM('incorporated', 'merged', 'not_incorporated', 'out_of_scope');--> statement-breakpoint
CREATE TYPE "public"."cocreation_vote_mode" AS ENUM('none', 'person', 'organisation');--> statement-breakpoint
CREATE TABLE "answer_templates" (
	"id" serial PRIMARY KEY NOT NULL,
	"process_id" integer NOT NULL,
	"name" text NOT NULL,
	"state" "proposal_response_state" NOT NULL,
	"reason" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cocreation_phases" (
	"id" serial PRIMARY KEY NOT NULL,
	"process_id" integer NOT NULL,
	"kind" "cocreation_phase_kind" NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"announced_starts_on" date,
	"announced_ends_on" date,
	"what_is_open" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "cocreation_phases_dates" CHECK ("cocreation_phases"."ends_on" >= "cocreation_phases"."starts_on")
);
--> statement-breakpoint
CREATE TABLE "cocreation_processes" (
	"id" serial PRIMARY KEY NOT NULL,
	"member_id" integer NOT NULL,
	"plan_number" integer NOT NULL,
	"title" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"description" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"vote_mode" "cocreation_vote_mode" DEFAULT 'none' NOT NULL,
	"calendar_published_at" timestamp with time zone,
	"plan_id" integer,
	"approved_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "draft_comments" (
	"id" serial PRIMARY KEY NOT NULL,
	"draft_id" integer NOT NULL,
	"version_number" integer NOT NULL,
	"field" text NOT NULL,
	"body" text NOT NULL,
	"author_user_id" integer,
	"author_name" text NOT NULL,
	"author_email" text,
	"confirm_token_hash" text,
	"confirmed_at" timestamp with time zone,
	"source_key" text,
	"hidden_at" timestamp with time zone,
	"hidden_reason" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "draft_comments_author" CHECK ("draft_comments"."author_user_id" is not null or "draft_comments"."author_email" is not null)
);
--> statement-breakpoint
CREATE TABLE "draft_commitments" (
	"id" serial PRIMARY KEY NOT NULL,
	"process_id" integer NOT NULL,
	"working_table_id" integer,
	"current_version" integer DEFAULT 1 NOT NULL,
	"commitment_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "draft_version_comments" (
	"version_id" integer NOT NULL,
	"comment_id" integer NOT NULL,
	CONSTRAINT "draft_version_comments_version_id_comment_id_pk" PRIMARY KEY("version_id","comment_id")
);
--> statement-breakpoint
CREATE TABLE "draft_versions" (
	"id" serial PRIMARY KEY NOT NULL,
	"draft_id" integer NOT NULL,
	"number" integer NOT NULL,
	"fields" jsonb NOT NULL,
	"change_note" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "proposal_votes" (
	"id" serial PRIMARY KEY NOT NULL,
	"proposal_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"voter_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "proposals" (
	"id" serial PRIMARY KEY NOT NULL,
	"process_id" integer NOT NULL,
	"title" text NOT NULL,
	"problem" text NOT NULL,
	"idea" text NOT NULL,
	"theme" text NOT NULL,
	"ogp_value" "ogp_value" NOT NULL,
	"locale" text DEFAULT 'es' NOT NULL,
	"author_user_id" integer,
	"author_name" text NOT NULL,
	"author_email" text,
	"organisation" text,
	"confirm_token_hash" text,
	"confirmed_at" timestamp with time zone,
	"source_key" text,
	"hidden_at" timestamp with time zone,
	"hidden_reason" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"duplicate_of_id" integer,
	"working_table_id" integer,
	"response_state" "proposal_response_state",
	"response_reason" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"response_draft_id" integer,
	"response_merged_with_id" integer,
	"response_written_at" timestamp with time zone,
	"response_written_by" integer,
	"response_published_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "proposals_author" CHECK ("proposals"."author_user_id" is not null or "proposals"."author_email" is not null),
	CONSTRAINT "proposals_incorporated_has_draft" CHECK ("proposals"."response_state" is distinct from 'incorporated' or "proposals"."response_draft_id" is not null),
	CONSTRAINT "proposals_merged_has_target" CHECK ("proposals"."response_state" is distinct from 'merged' or "proposals"."response_merged_with_id" is not null),
	CONSTRAINT "proposals_published_has_state" CHECK ("proposals"."response_published_at" is null or "proposals"."response_state" is not null)
);
--> statement-breakpoint
CREATE TABLE "working_table_sessions" (
	"id" serial PRIMARY KEY NOT NULL,
	"working_table_id" integer NOT NULL,
	"held_on" date NOT NULL,
	"summary" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"meeting_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "working_tables" (
	"id" serial PRIMARY KEY NOT NULL,
	"process_id" integer NOT NULL,
	"name" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"theme" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"starts_on" date,
	"ends_on" date,
	"meeting_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "answer_templates" ADD CONSTRAINT "answer_templates_process_id_cocreation_processes_id_fk" FOREIGN KEY ("process_id") REFERENCES "public"."cocreation_processes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cocreation_phases" ADD CONSTRAINT "cocreation_phases_process_id_cocreation_processes_id_fk" FOREIGN KEY ("process_id") REFERENCES "public"."cocreation_processes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cocreation_processes" ADD CONSTRAINT "cocreation_processes_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cocreation_processes" ADD CONSTRAINT "cocreation_processes_plan_id_action_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."action_plans"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draft_comments" ADD CONSTRAINT "draft_comments_draft_id_draft_commitments_id_fk" FOREIGN KEY ("draft_id") REFERENCES "public"."draft_commitments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draft_comments" ADD CONSTRAINT "draft_comments_author_user_id_users_id_fk" FOREIGN KEY ("author_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draft_commitments" ADD CONSTRAINT "draft_commitments_process_id_cocreation_processes_id_fk" FOREIGN KEY ("process_id") REFERENCES "public"."cocreation_processes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draft_commitments" ADD CONSTRAINT "draft_commitments_working_table_id_working_tables_id_fk" FOREIGN KEY ("working_table_id") REFERENCES "public"."working_tables"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draft_commitments" ADD CONSTRAINT "draft_commitments_commitment_id_commitments_id_fk" FOREIGN KEY ("commitment_id") REFERENCES "public"."commitments"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draft_version_comments" ADD CONSTRAINT "draft_version_comments_version_id_draft_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."draft_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draft_version_comments" ADD CONSTRAINT "draft_version_comments_comment_id_draft_comments_id_fk" FOREIGN KEY ("comment_id") REFERENCES "public"."draft_comments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draft_versions" ADD CONSTRAINT "draft_versions_draft_id_draft_commitments_id_fk" FOREIGN KEY ("draft_id") REFERENCES "public"."draft_commitments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draft_versions" ADD CONSTRAINT "draft_versions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_votes" ADD CONSTRAINT "proposal_votes_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_votes" ADD CONSTRAINT "proposal_votes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_process_id_cocreation_processes_id_fk" FOREIGN KEY ("process_id") REFERENCES "public"."cocreation_processes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_author_user_id_users_id_fk" FOREIGN KEY ("author_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_duplicate_of_id_proposals_id_fk" FOREIGN KEY ("duplicate_of_id") REFERENCES "public"."proposals"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_working_table_id_working_tables_id_fk" FOREIGN KEY ("working_table_id") REFERENCES "public"."working_tables"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_response_draft_id_draft_commitments_id_fk" FOREIGN KEY ("response_draft_id") REFERENCES "public"."draft_commitments"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_response_merged_with_id_proposals_id_fk" FOREIGN KEY ("response_merged_with_id") REFERENCES "public"."proposals"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_response_written_by_users_id_fk" FOREIGN KEY ("response_written_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "working_table_sessions" ADD CONSTRAINT "working_table_sessions_working_table_id_working_tables_id_fk" FOREIGN KEY ("working_table_id") REFERENCES "public"."working_tables"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "working_tables" ADD CONSTRAINT "working_tables_process_id_cocreation_processes_id_fk" FOREIGN KEY ("process_id") REFERENCES "public"."cocreation_processes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "cocreation_phases_process_kind_unique" ON "cocreation_phases" USING btree ("process_id","kind");--> statement-breakpoint
CREATE INDEX "draft_comments_draft_idx" ON "draft_comments" USING btree ("draft_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "draft_versions_draft_number_unique" ON "draft_versions" USING btree ("draft_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "proposal_votes_voter_unique" ON "proposal_votes" USING btree ("proposal_id","voter_key");--> statement-breakpoint
CREATE INDEX "proposals_process_idx" ON "proposals" USING btree ("process_id","id");