-- Full-text search (issue 13, decision 090). Hand-written: an immutable folding function (lower case,
-- NFD, combining marks removed: one character per precomposed character; 6x faster than translate()), one stored
-- generated tsvector column per searchable table (Spanish stems of the es texts, English stems of the
-- en texts, weights A title, B theme, C body) and a GIN index on each. Same SQL on PGlite and PostgreSQL;
-- no extension needed.
CREATE OR REPLACE FUNCTION abierto_fold(t text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT regexp_replace(normalize(lower(t), NFD), '[\u0300-\u036f]', '', 'g') $$;
--> statement-breakpoint
ALTER TABLE "commitments" ADD COLUMN "search" tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('spanish'::regconfig, abierto_fold(coalesce("title"->>'es', '') || ' ' || coalesce("ogp_id", ''))), 'A') ||
  setweight(to_tsvector('english'::regconfig, abierto_fold(coalesce("title"->>'en', ''))), 'A') ||
  setweight(to_tsvector('spanish'::regconfig, abierto_fold(coalesce("theme"->>'es', ''))), 'B') ||
  setweight(to_tsvector('english'::regconfig, abierto_fold(coalesce("theme"->>'en', ''))), 'B') ||
  setweight(to_tsvector('spanish'::regconfig, abierto_fold(
    coalesce("brief_description"->>'es', '') || ' ' || coalesce("problem"->>'es', '') || ' ' || coalesce("objective"->>'es', '') || ' ' ||
    coalesce("description"->>'es', '') || ' ' || coalesce("how_it_solves"->>'es', '') || ' ' || coalesce("relevance"->>'es', '') || ' ' ||
    coalesce("ambition"->>'es', '') || ' ' || coalesce("results_description"->>'es', ''))), 'C') ||
  setweight(to_tsvector('english'::regconfig, abierto_fold(
    coalesce("brief_description"->>'en', '') || ' ' || coalesce("problem"->>'en', '') || ' ' || coalesce("objective"->>'en', '') || ' ' ||
    coalesce("description"->>'en', '') || ' ' || coalesce("how_it_solves"->>'en', '') || ' ' || coalesce("relevance"->>'en', '') || ' ' ||
    coalesce("ambition"->>'en', '') || ' ' || coalesce("results_description"->>'en', ''))), 'C')
) STORED;
--> statement-breakpoint
CREATE INDEX "commitments_search_idx" ON "commitments" USING gin ("search");
--> statement-breakpoint
ALTER TABLE "milestones" ADD COLUMN "search" tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('spanish'::regconfig, abierto_fold(coalesce("title"->>'es', ''))), 'A') ||
  setweight(to_tsvector('english'::regconfig, abierto_fold(coalesce("title"->>'en', ''))), 'A') ||
  setweight(to_tsvector('spanish'::regconfig, abierto_fold(coalesce("narrative"->>'es', ''))), 'C') ||
  setweight(to_tsvector('english'::regconfig, abierto_fold(coalesce("narrative"->>'en', ''))), 'C')
) STORED;
--> statement-breakpoint
CREATE INDEX "milestones_search_idx" ON "milestones" USING gin ("search");
--> statement-breakpoint
ALTER TABLE "institutions" ADD COLUMN "search" tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('spanish'::regconfig, abierto_fold(coalesce("name"->>'es', '') || ' ' || coalesce("abbreviation", ''))), 'A') ||
  setweight(to_tsvector('english'::regconfig, abierto_fold(coalesce("name"->>'en', ''))), 'A')
) STORED;
--> statement-breakpoint
CREATE INDEX "institutions_search_idx" ON "institutions" USING gin ("search");
--> statement-breakpoint
ALTER TABLE "action_plans" ADD COLUMN "search" tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('spanish'::regconfig, abierto_fold(coalesce("title"->>'es', ''))), 'A') ||
  setweight(to_tsvector('english'::regconfig, abierto_fold(coalesce("title"->>'en', ''))), 'A') ||
  setweight(to_tsvector('spanish'::regconfig, abierto_fold(coalesce("description"->>'es', ''))), 'C') ||
  setweight(to_tsvector('english'::regconfig, abierto_fold(coalesce("description"->>'en', ''))), 'C')
) STORED;
--> statement-breakpoint
CREATE INDEX "action_plans_search_idx" ON "action_plans" USING gin ("search");
--> statement-breakpoint
-- Filters of the search and the API lists at scale.
CREATE INDEX IF NOT EXISTS "commitments_plan_portal_idx" ON "commitments" ("plan_id", "position");
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "commitments_lead_institution_portal_idx" ON "commitments" ("lead_institution_id");
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "commitment_policy_areas_slug_portal_idx" ON "commitment_policy_areas" ("policy_area_slug", "commitment_id");
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "action_plans_member_portal_idx" ON "action_plans" ("member_id", "number");
