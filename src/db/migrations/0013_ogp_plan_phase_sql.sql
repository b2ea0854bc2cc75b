-- Plans imported from OGP's data were all marked closed (issue 9). Give them the phase their dates imply
-- today (decision 051); before this release nobody could change a phase, so no choice is overwritten.
UPDATE "action_plans" SET "phase" = (CASE
  WHEN to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM') < "start_month" THEN 'co_creation'
  WHEN to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM') > "end_month" THEN 'closed'
  ELSE 'implementation' END)::plan_phase,
  "updated_at" = now()
WHERE "ogp_id" IS NOT NULL AND "phase" = 'closed';
