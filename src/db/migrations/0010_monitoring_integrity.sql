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
ALTER TABLE "contestations" ADD COLUMN "state" text DEFAULT 'open' NOT NULL;--> statement-breakpoint
ALTER TABLE "contestations" ADD COLUMN "resolved_by" integer;--> statement-breakpoint
ALTER TABLE "contestations" ADD COLUMN "resolved_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "contestations" ADD COLUMN "resolution" text;--> statement-breakpoint
ALTER TABLE "progress_updates" ADD COLUMN "superseded_by" integer;--> statement-breakpoint
ALTER TABLE "contestation_replies" ADD CONSTRAINT "contestation_replies_contestation_id_contestations_id_fk" FOREIGN KEY ("contestation_id") REFERENCES "public"."contestations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contestation_replies" ADD CONSTRAINT "contestation_replies_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "contestation_replies_idx" ON "contestation_replies" USING btree ("contestation_id","created_at");--> statement-breakpoint
ALTER TABLE "contestations" ADD CONSTRAINT "contestations_resolved_by_users_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "contestations_one_open" ON "contestations" USING btree ("milestone_id","author_id") WHERE "contestations"."state" = 'open';--> statement-breakpoint
CREATE UNIQUE INDEX "progress_updates_one_pending" ON "progress_updates" USING btree ("milestone_id") WHERE "progress_updates"."state" = 'submitted';--> statement-breakpoint
ALTER TABLE "contestations" ADD CONSTRAINT "contestations_state" CHECK ("contestations"."state" in ('open', 'upheld', 'dismissed'));