CREATE TYPE "public"."irm_methodology" AS ENUM('first_generation', 'refresh');--> statement-breakpoint
CREATE TYPE "public"."irm_report_kind" AS ENUM('progress', 'end_of_term', 'action_plan_review', 'results_report');--> statement-breakpoint
CREATE TABLE "irm_assessments" (
	"id" serial PRIMARY KEY NOT NULL,
	"commitment_id" integer NOT NULL,
	"methodology" "irm_methodology" NOT NULL,
	"report_kind" "irm_report_kind" NOT NULL,
	"publication_year" text,
	"specificity" text,
	"relevance_access_to_information" text,
	"relevance_civic_participation" text,
	"relevance_public_accountability" text,
	"relevance_technology_innovation" text,
	"potential_impact" text,
	"starred" text,
	"did_it_open_government" text,
	"did_it_open_government_access_to_information" text,
	"did_it_open_government_civic_participation" text,
	"did_it_open_government_public_accountability" text,
	"verifiable" text,
	"open_government_lens" text,
	"potential_for_results" text,
	"promising" text,
	"early_results" text,
	"completion" text,
	"recorded_by" integer,
	"source" text DEFAULT 'reviewer' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "irm_assessments_kind_matches_methodology" CHECK (("irm_assessments"."methodology" = 'first_generation' and "irm_assessments"."report_kind" in ('progress', 'end_of_term')) or ("irm_assessments"."methodology" = 'refresh' and "irm_assessments"."report_kind" in ('action_plan_review', 'results_report')))
);
--> statement-breakpoint
CREATE TABLE "ogp_commitment_records" (
	"commitment_id" integer PRIMARY KEY NOT NULL,
	"language" text NOT NULL,
	"raw" jsonb NOT NULL,
	"import_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "irm_assessments" ADD CONSTRAINT "irm_assessments_commitment_id_commitments_id_fk" FOREIGN KEY ("commitment_id") REFERENCES "public"."commitments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "irm_assessments" ADD CONSTRAINT "irm_assessments_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ogp_commitment_records" ADD CONSTRAINT "ogp_commitment_records_commitment_id_commitments_id_fk" FOREIGN KEY ("commitment_id") REFERENCES "public"."commitments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ogp_commitment_records" ADD CONSTRAINT "ogp_commitment_records_import_id_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."imports"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "irm_assessments_commitment_kind_unique" ON "irm_assessments" USING btree ("commitment_id","report_kind");--> statement-breakpoint
CREATE INDEX "irm_assessments_commitment_idx" ON "irm_assessments" USING btree ("commitment_id");