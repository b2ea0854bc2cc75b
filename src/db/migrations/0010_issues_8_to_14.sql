CREATE TYPE "public"."agreement_state" AS ENUM('open', 'in_progress', 'done', 'dropped');--> statement-breakpoint
CREATE TYPE "public"."application_state" AS ENUM('submitted', 'more_info', 'accepted', 'rejected');--> statement-breakpoint
CREATE TYPE "public"."election_phase" AS ENUM('nominations', 'voting', 'published');--> statement-breakpoint
CREATE TYPE "public"."meeting_kind" AS ENUM('forum', 'working_table');--> statement-breakpoint
CREATE TYPE "public"."forum_membership_role" AS ENUM('titular', 'alternate');--> statement-breakpoint
CREATE TYPE "public"."minutes_state" AS ENUM('draft', 'in_review', 'approved');--> statement-breakpoint
CREATE TYPE "public"."open_call_state" AS ENUM('draft', 'open', 'closed');--> statement-breakpoint
CREATE TYPE "public"."organisation_kind" AS ENUM('civil_society', 'academia', 'private_sector', 'multilateral');--> statement-breakpoint
CREATE TYPE "public"."election_tie_rule" AS ENUM('draw', 'runoff');--> statement-breakpoint
CREATE TYPE "public"."cocreation_phase_kind" AS ENUM('process_design', 'call_for_proposals', 'working_tables', 'drafting', 'consultation', 'approval');--> statement-breakpoint
CREATE TYPE "public"."ogp_value" AS ENUM('access_to_information', 'civic_participation', 'public_accountability', 'technology_innovation');--> statement-breakpoint
CREATE TYPE "public"."proposal_response_state" AS ENUM('incorporated', 'merged', 'not_incorporated', 'out_of_scope');--> statement-breakpoint
CREATE TYPE "public"."cocreation_vote_mode" AS ENUM('none', 'person', 'organisation');--> statement-breakpoint
ALTER TYPE "public"."progress_update_state" ADD VALUE 'superseded';--> statement-breakpoint
CREATE TABLE "contestation_replies" (
	"id" serial PRIMARY KEY NOT NULL,
	"contestation_id" integer NOT NULL,
	"author_id" integer NOT NULL,
	"capacity" text NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "plan_phase_changes" (
	"id" serial PRIMARY KEY NOT NULL,
	"plan_id" integer NOT NULL,
	"from_phase" "plan_phase",
	"to_phase" "plan_phase" NOT NULL,
	"changed_by" text NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "agreements" (
	"id" serial PRIMARY KEY NOT NULL,
	"meeting_id" integer NOT NULL,
	"text" text NOT NULL,
	"owner" text NOT NULL,
	"due_on" date,
	"state" "agreement_state" DEFAULT 'open' NOT NULL,
	"commitment_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "call_applications" (
	"id" serial PRIMARY KEY NOT NULL,
	"call_id" integer NOT NULL,
	"applicant_user_id" integer NOT NULL,
	"organisation_name" text NOT NULL,
	"kind" "organisation_kind" NOT NULL,
	"legal_representative" text NOT NULL,
	"region" text DEFAULT '' NOT NULL,
	"mission" text DEFAULT '' NOT NULL,
	"experience" text DEFAULT '' NOT NULL,
	"motivation" text DEFAULT '' NOT NULL,
	"contribution" text DEFAULT '' NOT NULL,
	"website" text,
	"state" "application_state" DEFAULT 'submitted' NOT NULL,
	"reason" text,
	"organisation_id" integer,
	"decided_by" integer,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "election_ballots" (
	"id" uuid PRIMARY KEY NOT NULL,
	"election_id" integer NOT NULL,
	"receipt" text NOT NULL,
	"choices" jsonb NOT NULL,
	"spoiled" boolean DEFAULT false NOT NULL,
	"chain_hash" text
);
--> statement-breakpoint
CREATE TABLE "election_candidates" (
	"id" serial PRIMARY KEY NOT NULL,
	"election_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"person_name" text NOT NULL,
	"organisation_id" integer NOT NULL,
	"nominated_by" integer,
	"accepted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "election_roll" (
	"election_id" integer NOT NULL,
	"organisation_id" integer NOT NULL,
	"organisation_name" text NOT NULL,
	"voter_user_id" integer NOT NULL,
	"voter_name" text NOT NULL,
	CONSTRAINT "election_roll_election_id_organisation_id_pk" PRIMARY KEY("election_id","organisation_id")
);
--> statement-breakpoint
CREATE TABLE "election_voters" (
	"election_id" integer NOT NULL,
	"organisation_id" integer NOT NULL,
	"voted_on" date NOT NULL,
	CONSTRAINT "election_voters_election_id_organisation_id_pk" PRIMARY KEY("election_id","organisation_id")
);
--> statement-breakpoint
CREATE TABLE "elections" (
	"id" serial PRIMARY KEY NOT NULL,
	"forum_id" integer NOT NULL,
	"sector_id" integer NOT NULL,
	"title" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"phase" "election_phase" DEFAULT 'nominations' NOT NULL,
	"secret" boolean DEFAULT true NOT NULL,
	"seats" integer NOT NULL,
	"tie_rule" "election_tie_rule" DEFAULT 'draw' NOT NULL,
	"term_start" date NOT NULL,
	"term_end" date NOT NULL,
	"roll_frozen_at" timestamp with time zone,
	"roll_count" integer,
	"roll_sha256" text,
	"box_count" integer DEFAULT 0 NOT NULL,
	"box_digest" text DEFAULT '0000000000000000000000000000000000000000000000000000000000000000' NOT NULL,
	"closed_at" timestamp with time zone,
	"receipt_chain_head" text,
	"ballot_chain_head" text,
	"draw_seed" text,
	"results" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "elections_seats_positive" CHECK ("elections"."seats" between 1 and 50),
	CONSTRAINT "elections_term" CHECK ("elections"."term_end" > "elections"."term_start"),
	CONSTRAINT "elections_results_only_published" CHECK ("elections"."phase" = 'published' or "elections"."results" is null),
	CONSTRAINT "elections_roll_when_voting" CHECK ("elections"."phase" = 'nominations' or "elections"."roll_sha256" is not null)
);
--> statement-breakpoint
CREATE TABLE "forum_memberships" (
	"id" serial PRIMARY KEY NOT NULL,
	"seat_id" integer NOT NULL,
	"person_name" text NOT NULL,
	"user_id" integer,
	"organisation_id" integer,
	"institution_id" integer,
	"role" "forum_membership_role" DEFAULT 'titular' NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date,
	"election_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "forum_memberships_dates" CHECK ("forum_memberships"."end_date" is null or "forum_memberships"."end_date" >= "forum_memberships"."start_date"),
	CONSTRAINT "forum_memberships_on_behalf" CHECK (not ("forum_memberships"."organisation_id" is not null and "forum_memberships"."institution_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "forum_seats" (
	"id" serial PRIMARY KEY NOT NULL,
	"sector_id" integer NOT NULL,
	"label" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"position" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "forum_sectors" (
	"id" serial PRIMARY KEY NOT NULL,
	"forum_id" integer NOT NULL,
	"code" text NOT NULL,
	"name" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"elected_by" "organisation_kind",
	CONSTRAINT "forum_sectors_code_format" CHECK ("forum_sectors"."code" ~ '^[a-z][a-z_]{1,39}$')
);
--> statement-breakpoint
CREATE TABLE "forums" (
	"id" serial PRIMARY KEY NOT NULL,
	"member_id" integer NOT NULL,
	"name" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"functions" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"rules_document_id" integer,
	"quorum_percent" integer DEFAULT 50 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "forums_quorum_range" CHECK ("forums"."quorum_percent" between 1 and 100)
);
--> statement-breakpoint
CREATE TABLE "meeting_agenda_items" (
	"id" serial PRIMARY KEY NOT NULL,
	"meeting_id" integer NOT NULL,
	"position" integer NOT NULL,
	"title" text NOT NULL,
	"minutes" integer NOT NULL,
	"presenter" text DEFAULT '' NOT NULL,
	"commitment_id" integer,
	CONSTRAINT "meeting_agenda_minutes" CHECK ("meeting_agenda_items"."minutes" between 1 and 600)
);
--> statement-breakpoint
CREATE TABLE "meeting_attendance" (
	"id" serial PRIMARY KEY NOT NULL,
	"meeting_id" integer NOT NULL,
	"person_name" text NOT NULL,
	"user_id" integer,
	"on_behalf_of" text DEFAULT '' NOT NULL,
	"sector_code" text,
	"voting" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meeting_commitments" (
	"meeting_id" integer NOT NULL,
	"commitment_id" integer NOT NULL,
	"presented" text DEFAULT '' NOT NULL,
	CONSTRAINT "meeting_commitments_meeting_id_commitment_id_pk" PRIMARY KEY("meeting_id","commitment_id")
);
--> statement-breakpoint
CREATE TABLE "meeting_invitees" (
	"id" serial PRIMARY KEY NOT NULL,
	"meeting_id" integer NOT NULL,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"user_id" integer
);
--> statement-breakpoint
CREATE TABLE "meeting_minutes" (
	"id" serial PRIMARY KEY NOT NULL,
	"meeting_id" integer NOT NULL,
	"version" integer NOT NULL,
	"body" text NOT NULL,
	"state" "minutes_state" DEFAULT 'draft' NOT NULL,
	"correction_reason" text,
	"approved_by" integer,
	"approved_by_name" text,
	"approved_at" timestamp with time zone,
	"document_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "meeting_minutes_approved" CHECK ("meeting_minutes"."state" <> 'approved' or ("meeting_minutes"."approved_at" is not null and "meeting_minutes"."approved_by_name" is not null)),
	CONSTRAINT "meeting_minutes_correction" CHECK ("meeting_minutes"."version" = 1 or "meeting_minutes"."correction_reason" is not null)
);
--> statement-breakpoint
CREATE TABLE "meetings" (
	"id" serial PRIMARY KEY NOT NULL,
	"forum_id" integer,
	"subject_type" text,
	"subject_id" integer,
	"kind" "meeting_kind" DEFAULT 'forum' NOT NULL,
	"title" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"place" text DEFAULT '' NOT NULL,
	"link" text,
	"cancelled_at" timestamp with time zone,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "meetings_times" CHECK ("meetings"."ends_at" > "meetings"."starts_at"),
	CONSTRAINT "meetings_link_scheme" CHECK ("meetings"."link" is null or "meetings"."link" ~ '^https?://')
);
--> statement-breakpoint
CREATE TABLE "minutes_comments" (
	"id" serial PRIMARY KEY NOT NULL,
	"minutes_id" integer NOT NULL,
	"author_id" integer,
	"author_name" text NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "open_calls" (
	"id" serial PRIMARY KEY NOT NULL,
	"forum_id" integer NOT NULL,
	"title" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"eligibility" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"opens_on" date NOT NULL,
	"closes_on" date NOT NULL,
	"state" "open_call_state" DEFAULT 'open' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "open_calls_dates" CHECK ("open_calls"."closes_on" >= "open_calls"."opens_on")
);
--> statement-breakpoint
CREATE TABLE "organisations" (
	"id" serial PRIMARY KEY NOT NULL,
	"member_id" integer NOT NULL,
	"name" text NOT NULL,
	"kind" "organisation_kind" NOT NULL,
	"region" text DEFAULT '' NOT NULL,
	"mission" text DEFAULT '' NOT NULL,
	"focus_areas" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"website" text,
	"representative_user_id" integer,
	"joined_network_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "organisations_website_scheme" CHECK ("organisations"."website" is null or "organisations"."website" ~ '^https?://')
);
--> statement-breakpoint
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
CREATE TABLE "cocreation_subscriptions" (
	"id" serial PRIMARY KEY NOT NULL,
	"process_id" integer NOT NULL,
	"email" text NOT NULL,
	"locale" text DEFAULT 'es' NOT NULL,
	"confirm_token_hash" text NOT NULL,
	"confirmed_at" timestamp with time zone,
	"unsubscribe_token" text NOT NULL,
	"source_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
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
CREATE TABLE "api_tokens" (
	"id" serial PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"name" text NOT NULL,
	"token_hash" text NOT NULL,
	"prefix" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "commitments" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "milestones" ADD COLUMN "removed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "milestones" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "institutions" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "action_plans" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "contestations" ADD COLUMN "state" text DEFAULT 'open' NOT NULL;--> statement-breakpoint
ALTER TABLE "contestations" ADD COLUMN "resolved_by" integer;--> statement-breakpoint
ALTER TABLE "contestations" ADD COLUMN "resolved_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "contestations" ADD COLUMN "resolution" text;--> statement-breakpoint
ALTER TABLE "progress_updates" ADD COLUMN "superseded_by" integer;--> statement-breakpoint
ALTER TABLE "follow_up_report_milestones" ADD COLUMN "contested" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "contestation_replies" ADD CONSTRAINT "contestation_replies_contestation_id_contestations_id_fk" FOREIGN KEY ("contestation_id") REFERENCES "public"."contestations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contestation_replies" ADD CONSTRAINT "contestation_replies_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_phase_changes" ADD CONSTRAINT "plan_phase_changes_plan_id_action_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."action_plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreements" ADD CONSTRAINT "agreements_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreements" ADD CONSTRAINT "agreements_commitment_id_commitments_id_fk" FOREIGN KEY ("commitment_id") REFERENCES "public"."commitments"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_applications" ADD CONSTRAINT "call_applications_call_id_open_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."open_calls"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_applications" ADD CONSTRAINT "call_applications_applicant_user_id_users_id_fk" FOREIGN KEY ("applicant_user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_applications" ADD CONSTRAINT "call_applications_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_applications" ADD CONSTRAINT "call_applications_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "election_ballots" ADD CONSTRAINT "election_ballots_election_id_elections_id_fk" FOREIGN KEY ("election_id") REFERENCES "public"."elections"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "election_candidates" ADD CONSTRAINT "election_candidates_election_id_elections_id_fk" FOREIGN KEY ("election_id") REFERENCES "public"."elections"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "election_candidates" ADD CONSTRAINT "election_candidates_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "election_candidates" ADD CONSTRAINT "election_candidates_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "election_candidates" ADD CONSTRAINT "election_candidates_nominated_by_users_id_fk" FOREIGN KEY ("nominated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "election_roll" ADD CONSTRAINT "election_roll_election_id_elections_id_fk" FOREIGN KEY ("election_id") REFERENCES "public"."elections"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "election_roll" ADD CONSTRAINT "election_roll_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "election_roll" ADD CONSTRAINT "election_roll_voter_user_id_users_id_fk" FOREIGN KEY ("voter_user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "election_voters" ADD CONSTRAINT "election_voters_roll_fk" FOREIGN KEY ("election_id","organisation_id") REFERENCES "public"."election_roll"("election_id","organisation_id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "elections" ADD CONSTRAINT "elections_forum_id_forums_id_fk" FOREIGN KEY ("forum_id") REFERENCES "public"."forums"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "elections" ADD CONSTRAINT "elections_sector_id_forum_sectors_id_fk" FOREIGN KEY ("sector_id") REFERENCES "public"."forum_sectors"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forum_memberships" ADD CONSTRAINT "forum_memberships_seat_id_forum_seats_id_fk" FOREIGN KEY ("seat_id") REFERENCES "public"."forum_seats"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forum_memberships" ADD CONSTRAINT "forum_memberships_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forum_memberships" ADD CONSTRAINT "forum_memberships_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forum_memberships" ADD CONSTRAINT "forum_memberships_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forum_seats" ADD CONSTRAINT "forum_seats_sector_id_forum_sectors_id_fk" FOREIGN KEY ("sector_id") REFERENCES "public"."forum_sectors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forum_sectors" ADD CONSTRAINT "forum_sectors_forum_id_forums_id_fk" FOREIGN KEY ("forum_id") REFERENCES "public"."forums"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forums" ADD CONSTRAINT "forums_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forums" ADD CONSTRAINT "forums_rules_document_id_documents_id_fk" FOREIGN KEY ("rules_document_id") REFERENCES "public"."documents"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_agenda_items" ADD CONSTRAINT "meeting_agenda_items_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_agenda_items" ADD CONSTRAINT "meeting_agenda_items_commitment_id_commitments_id_fk" FOREIGN KEY ("commitment_id") REFERENCES "public"."commitments"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_attendance" ADD CONSTRAINT "meeting_attendance_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_attendance" ADD CONSTRAINT "meeting_attendance_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_commitments" ADD CONSTRAINT "meeting_commitments_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_commitments" ADD CONSTRAINT "meeting_commitments_commitment_id_commitments_id_fk" FOREIGN KEY ("commitment_id") REFERENCES "public"."commitments"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_invitees" ADD CONSTRAINT "meeting_invitees_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_invitees" ADD CONSTRAINT "meeting_invitees_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_minutes" ADD CONSTRAINT "meeting_minutes_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_minutes" ADD CONSTRAINT "meeting_minutes_approved_by_users_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_minutes" ADD CONSTRAINT "meeting_minutes_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_forum_id_forums_id_fk" FOREIGN KEY ("forum_id") REFERENCES "public"."forums"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "minutes_comments" ADD CONSTRAINT "minutes_comments_minutes_id_meeting_minutes_id_fk" FOREIGN KEY ("minutes_id") REFERENCES "public"."meeting_minutes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "minutes_comments" ADD CONSTRAINT "minutes_comments_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "open_calls" ADD CONSTRAINT "open_calls_forum_id_forums_id_fk" FOREIGN KEY ("forum_id") REFERENCES "public"."forums"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organisations" ADD CONSTRAINT "organisations_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organisations" ADD CONSTRAINT "organisations_representative_user_id_users_id_fk" FOREIGN KEY ("representative_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "answer_templates" ADD CONSTRAINT "answer_templates_process_id_cocreation_processes_id_fk" FOREIGN KEY ("process_id") REFERENCES "public"."cocreation_processes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cocreation_phases" ADD CONSTRAINT "cocreation_phases_process_id_cocreation_processes_id_fk" FOREIGN KEY ("process_id") REFERENCES "public"."cocreation_processes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cocreation_processes" ADD CONSTRAINT "cocreation_processes_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cocreation_processes" ADD CONSTRAINT "cocreation_processes_plan_id_action_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."action_plans"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cocreation_subscriptions" ADD CONSTRAINT "cocreation_subscriptions_process_id_cocreation_processes_id_fk" FOREIGN KEY ("process_id") REFERENCES "public"."cocreation_processes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
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
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "contestation_replies_idx" ON "contestation_replies" USING btree ("contestation_id","created_at");--> statement-breakpoint
CREATE INDEX "plan_phase_changes_plan_idx" ON "plan_phase_changes" USING btree ("plan_id","changed_at");--> statement-breakpoint
CREATE INDEX "agreements_meeting_idx" ON "agreements" USING btree ("meeting_id");--> statement-breakpoint
CREATE INDEX "agreements_state_idx" ON "agreements" USING btree ("state","due_on");--> statement-breakpoint
CREATE INDEX "call_applications_call_idx" ON "call_applications" USING btree ("call_id","state");--> statement-breakpoint
CREATE INDEX "call_applications_applicant_idx" ON "call_applications" USING btree ("applicant_user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "election_ballots_receipt_unique" ON "election_ballots" USING btree ("election_id","receipt");--> statement-breakpoint
CREATE UNIQUE INDEX "election_candidates_unique" ON "election_candidates" USING btree ("election_id","user_id");--> statement-breakpoint
CREATE INDEX "election_roll_voter_idx" ON "election_roll" USING btree ("voter_user_id");--> statement-breakpoint
CREATE INDEX "elections_forum_idx" ON "elections" USING btree ("forum_id");--> statement-breakpoint
CREATE INDEX "forum_memberships_seat_idx" ON "forum_memberships" USING btree ("seat_id","start_date");--> statement-breakpoint
CREATE INDEX "forum_seats_sector_idx" ON "forum_seats" USING btree ("sector_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "forum_sectors_code_unique" ON "forum_sectors" USING btree ("forum_id","code");--> statement-breakpoint
CREATE INDEX "forums_member_idx" ON "forums" USING btree ("member_id");--> statement-breakpoint
CREATE UNIQUE INDEX "meeting_agenda_items_position" ON "meeting_agenda_items" USING btree ("meeting_id","position");--> statement-breakpoint
CREATE INDEX "meeting_attendance_meeting_idx" ON "meeting_attendance" USING btree ("meeting_id");--> statement-breakpoint
CREATE UNIQUE INDEX "meeting_invitees_unique" ON "meeting_invitees" USING btree ("meeting_id","email");--> statement-breakpoint
CREATE UNIQUE INDEX "meeting_minutes_version" ON "meeting_minutes" USING btree ("meeting_id","version");--> statement-breakpoint
CREATE INDEX "meetings_forum_idx" ON "meetings" USING btree ("forum_id","starts_at");--> statement-breakpoint
CREATE INDEX "meetings_subject_idx" ON "meetings" USING btree ("subject_type","subject_id");--> statement-breakpoint
CREATE INDEX "minutes_comments_minutes_idx" ON "minutes_comments" USING btree ("minutes_id");--> statement-breakpoint
CREATE UNIQUE INDEX "organisations_name_unique" ON "organisations" USING btree ("member_id",lower("name"));--> statement-breakpoint
CREATE INDEX "organisations_representative_idx" ON "organisations" USING btree ("representative_user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "cocreation_phases_process_kind_unique" ON "cocreation_phases" USING btree ("process_id","kind");--> statement-breakpoint
CREATE UNIQUE INDEX "cocreation_subscriptions_process_email_unique" ON "cocreation_subscriptions" USING btree ("process_id","email");--> statement-breakpoint
CREATE UNIQUE INDEX "cocreation_subscriptions_unsubscribe_unique" ON "cocreation_subscriptions" USING btree ("unsubscribe_token");--> statement-breakpoint
CREATE INDEX "draft_comments_draft_idx" ON "draft_comments" USING btree ("draft_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "draft_versions_draft_number_unique" ON "draft_versions" USING btree ("draft_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "proposal_votes_voter_unique" ON "proposal_votes" USING btree ("proposal_id","voter_key");--> statement-breakpoint
CREATE INDEX "proposals_process_idx" ON "proposals" USING btree ("process_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "api_tokens_hash_unique" ON "api_tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "api_tokens_user_idx" ON "api_tokens" USING btree ("user_id");--> statement-breakpoint
ALTER TABLE "contestations" ADD CONSTRAINT "contestations_resolved_by_users_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "contestations_one_open" ON "contestations" USING btree ("milestone_id","author_id") WHERE "contestations"."state" = 'open';--> statement-breakpoint
CREATE UNIQUE INDEX "progress_updates_one_pending" ON "progress_updates" USING btree ("milestone_id") WHERE "progress_updates"."state" = 'submitted';--> statement-breakpoint
ALTER TABLE "contestations" ADD CONSTRAINT "contestations_state" CHECK ("contestations"."state" in ('open', 'upheld', 'dismissed'));