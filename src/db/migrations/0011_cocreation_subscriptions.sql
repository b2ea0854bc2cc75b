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
ALTER TABLE "cocreation_subscriptions" ADD CONSTRAINT "cocreation_subscriptions_process_id_cocreation_processes_id_fk" FOREIGN KEY ("process_id") REFERENCES "public"."cocreation_processes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "cocreation_subscriptions_process_email_unique" ON "cocreation_subscriptions" USING btree ("process_id","email");--> statement-breakpoint
CREATE UNIQUE INDEX "cocreation_subscriptions_unsubscribe_unique" ON "cocreation_subscriptions" USING btree ("unsubscribe_token");