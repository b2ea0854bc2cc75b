CREATE TYPE "public"."self_assessment_kind" AS ENUM('mid_term', 'end_of_term');--> statement-breakpoint
CREATE TABLE "follow_up_report_milestones" (
	"id" serial PRIMARY KEY NOT NULL,
	"report_id" integer NOT NULL,
	"commitment_id" integer,
	"commitment_number" text NOT NULL,
	"commitment_position" integer NOT NULL,
	"commitment_title" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"commitment_completion" "completion_level",
	"milestone_id" integer,
	"milestone_number" integer,
	"milestone_title" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"planned_start" text,
	"planned_end" text,
	"status" "completion_level",
	"delayed" boolean DEFAULT false NOT NULL,
	"sub_items" jsonb DEFAULT '[]'::jsonb NOT NULL,
	CONSTRAINT "follow_up_report_milestones_start_check" CHECK ("follow_up_report_milestones"."planned_start" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
	CONSTRAINT "follow_up_report_milestones_end_check" CHECK ("follow_up_report_milestones"."planned_end" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$')
);
--> statement-breakpoint
CREATE TABLE "follow_up_reports" (
	"id" serial PRIMARY KEY NOT NULL,
	"plan_id" integer NOT NULL,
	"number" integer NOT NULL,
	"cut_off_date" date NOT NULL,
	"note" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"plan_title" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"published_at" timestamp with time zone NOT NULL,
	"published_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "follow_up_reports_number_positive" CHECK ("follow_up_reports"."number" > 0)
);
--> statement-breakpoint
CREATE TABLE "self_assessment_sections" (
	"id" serial PRIMARY KEY NOT NULL,
	"plan_id" integer NOT NULL,
	"kind" "self_assessment_kind" NOT NULL,
	"introduction" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"co_creation" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"irm_recommendations" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"lessons" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"conclusions" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"updated_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "follow_up_report_milestones" ADD CONSTRAINT "follow_up_report_milestones_report_id_follow_up_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."follow_up_reports"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_up_report_milestones" ADD CONSTRAINT "follow_up_report_milestones_commitment_id_commitments_id_fk" FOREIGN KEY ("commitment_id") REFERENCES "public"."commitments"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_up_reports" ADD CONSTRAINT "follow_up_reports_plan_id_action_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."action_plans"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_up_reports" ADD CONSTRAINT "follow_up_reports_published_by_users_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_assessment_sections" ADD CONSTRAINT "self_assessment_sections_plan_id_action_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."action_plans"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_assessment_sections" ADD CONSTRAINT "self_assessment_sections_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "follow_up_report_milestones_report_idx" ON "follow_up_report_milestones" USING btree ("report_id","commitment_position","milestone_number");--> statement-breakpoint
CREATE UNIQUE INDEX "follow_up_reports_plan_number_unique" ON "follow_up_reports" USING btree ("plan_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "self_assessment_sections_plan_kind_unique" ON "self_assessment_sections" USING btree ("plan_id","kind");