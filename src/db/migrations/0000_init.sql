CREATE TYPE "public"."completion_level" AS ENUM('not_started', 'limited', 'substantial', 'complete');--> statement-breakpoint
CREATE TYPE "public"."template_generation" AS ENUM('2014', '2019');--> statement-breakpoint
CREATE TYPE "public"."member_kind" AS ENUM('national', 'local');--> statement-breakpoint
CREATE TYPE "public"."plan_phase" AS ENUM('co_creation', 'implementation', 'closed');--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "commitment_policy_areas" (
	"commitment_id" integer NOT NULL,
	"policy_area_slug" text NOT NULL,
	CONSTRAINT "commitment_policy_areas_commitment_id_policy_area_slug_pk" PRIMARY KEY("commitment_id","policy_area_slug")
);
--> statement-breakpoint
CREATE TABLE "commitments" (
	"id" serial PRIMARY KEY NOT NULL,
	"plan_id" integer NOT NULL,
	"number" text NOT NULL,
	"position" integer NOT NULL,
	"ogp_id" text,
	"generation" "template_generation" DEFAULT '2014' NOT NULL,
	"title" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"theme" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"start_month" text,
	"end_month" text,
	"lead_institution_id" integer,
	"contact_id" integer,
	"other_actors_government" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"other_actors_civil_society" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"problem" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"objective" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"brief_description" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"description" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"how_it_solves" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"relevance" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"ambition" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"value_access_to_information" boolean,
	"value_civic_participation" boolean,
	"value_public_accountability" boolean,
	"value_technology_innovation" boolean,
	"completion" "completion_level",
	"results_description" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"next_steps" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"additional_information" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"remaining_challenges" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"source_import_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "commitments_number_format" CHECK ("commitments"."number" ~ '^[0-9]+([.][0-9]+)*[A-Za-z]?$'),
	CONSTRAINT "commitments_start_month_check" CHECK ("commitments"."start_month" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
	CONSTRAINT "commitments_end_month_check" CHECK ("commitments"."end_month" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$')
);
--> statement-breakpoint
CREATE TABLE "milestones" (
	"id" serial PRIMARY KEY NOT NULL,
	"commitment_id" integer NOT NULL,
	"number" integer NOT NULL,
	"title" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"sub_items" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"planned_start" text,
	"planned_end" text,
	"status" "completion_level",
	"narrative" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"reported_delayed" boolean,
	"delay_note" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "milestones_number_positive" CHECK ("milestones"."number" > 0),
	CONSTRAINT "milestones_planned_start_check" CHECK ("milestones"."planned_start" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
	CONSTRAINT "milestones_planned_end_check" CHECK ("milestones"."planned_end" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$')
);
--> statement-breakpoint
CREATE TABLE "policy_areas" (
	"slug" text PRIMARY KEY NOT NULL,
	"group_slug" text,
	"name" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"position" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "imports" (
	"id" serial PRIMARY KEY NOT NULL,
	"source_name" text NOT NULL,
	"sha256" text NOT NULL,
	"format" text NOT NULL,
	"warnings" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"actor" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contacts" (
	"id" serial PRIMARY KEY NOT NULL,
	"institution_id" integer NOT NULL,
	"name" text NOT NULL,
	"title" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"email" text,
	"phone" text,
	"is_public" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "institutions" (
	"id" serial PRIMARY KEY NOT NULL,
	"member_id" integer NOT NULL,
	"name" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"name_key" text NOT NULL,
	"abbreviation" text,
	"website" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "members" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"kind" "member_kind" DEFAULT 'national' NOT NULL,
	"country_code" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "action_plans" (
	"id" serial PRIMARY KEY NOT NULL,
	"member_id" integer NOT NULL,
	"number" integer NOT NULL,
	"ogp_id" text,
	"title" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"start_month" text NOT NULL,
	"end_month" text NOT NULL,
	"phase" "plan_phase" DEFAULT 'implementation' NOT NULL,
	"description" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "action_plans_start_month_check" CHECK ("action_plans"."start_month" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
	CONSTRAINT "action_plans_end_month_check" CHECK ("action_plans"."end_month" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$')
);
--> statement-breakpoint
ALTER TABLE "commitment_policy_areas" ADD CONSTRAINT "commitment_policy_areas_commitment_id_commitments_id_fk" FOREIGN KEY ("commitment_id") REFERENCES "public"."commitments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commitment_policy_areas" ADD CONSTRAINT "commitment_policy_areas_policy_area_slug_policy_areas_slug_fk" FOREIGN KEY ("policy_area_slug") REFERENCES "public"."policy_areas"("slug") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commitments" ADD CONSTRAINT "commitments_plan_id_action_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."action_plans"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commitments" ADD CONSTRAINT "commitments_lead_institution_id_institutions_id_fk" FOREIGN KEY ("lead_institution_id") REFERENCES "public"."institutions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commitments" ADD CONSTRAINT "commitments_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commitments" ADD CONSTRAINT "commitments_source_import_id_imports_id_fk" FOREIGN KEY ("source_import_id") REFERENCES "public"."imports"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "milestones" ADD CONSTRAINT "milestones_commitment_id_commitments_id_fk" FOREIGN KEY ("commitment_id") REFERENCES "public"."commitments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "institutions" ADD CONSTRAINT "institutions_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "action_plans" ADD CONSTRAINT "action_plans_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_entity_idx" ON "audit_log" USING btree ("entity_type","entity_id");--> statement-breakpoint
CREATE UNIQUE INDEX "commitments_plan_number_unique" ON "commitments" USING btree ("plan_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "commitments_ogp_id_unique" ON "commitments" USING btree ("ogp_id");--> statement-breakpoint
CREATE UNIQUE INDEX "milestones_commitment_number_unique" ON "milestones" USING btree ("commitment_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "contacts_institution_name_unique" ON "contacts" USING btree ("institution_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "institutions_member_name_key_unique" ON "institutions" USING btree ("member_id","name_key");--> statement-breakpoint
CREATE UNIQUE INDEX "members_code_unique" ON "members" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "action_plans_member_number_unique" ON "action_plans" USING btree ("member_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "action_plans_ogp_id_unique" ON "action_plans" USING btree ("ogp_id");