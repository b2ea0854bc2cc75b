CREATE TYPE "public"."news_kind" AS ENUM('news', 'event');--> statement-breakpoint
CREATE TYPE "public"."news_state" AS ENUM('draft', 'published', 'unpublished');--> statement-breakpoint
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
ALTER TABLE "forum_memberships" ADD COLUMN "end_reason" text;--> statement-breakpoint
ALTER TABLE "news_changes" ADD CONSTRAINT "news_changes_item_id_news_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."news_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "news_items" ADD CONSTRAINT "news_items_forum_id_forums_id_fk" FOREIGN KEY ("forum_id") REFERENCES "public"."forums"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "news_items" ADD CONSTRAINT "news_items_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "news_changes_item_idx" ON "news_changes" USING btree ("item_id","changed_at");--> statement-breakpoint
CREATE INDEX "news_items_forum_idx" ON "news_items" USING btree ("forum_id","state","item_date");