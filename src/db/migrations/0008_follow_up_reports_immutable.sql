-- A published follow-up report never changes (issue 5): neither the report nor its snapshot rows
-- can be updated or deleted, and no snapshot row can be added after the transaction that published it.
CREATE FUNCTION follow_up_report_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'a published follow-up report cannot be changed (%)', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER follow_up_reports_immutable BEFORE UPDATE OR DELETE ON follow_up_reports
  FOR EACH ROW EXECUTE FUNCTION follow_up_report_refuse_change();
--> statement-breakpoint
CREATE TRIGGER follow_up_reports_no_truncate BEFORE TRUNCATE ON follow_up_reports
  FOR EACH STATEMENT EXECUTE FUNCTION follow_up_report_refuse_change();
--> statement-breakpoint
CREATE TRIGGER follow_up_report_milestones_immutable BEFORE UPDATE OR DELETE ON follow_up_report_milestones
  FOR EACH ROW EXECUTE FUNCTION follow_up_report_refuse_change();
--> statement-breakpoint
CREATE TRIGGER follow_up_report_milestones_no_truncate BEFORE TRUNCATE ON follow_up_report_milestones
  FOR EACH STATEMENT EXECUTE FUNCTION follow_up_report_refuse_change();
--> statement-breakpoint
-- Snapshot rows are written only in the transaction that publishes their report (now() is the
-- transaction's start, the same value the report's created_at took).
CREATE FUNCTION follow_up_report_milestones_refuse_late_insert() RETURNS trigger AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM follow_up_reports r WHERE r.id = NEW.report_id AND r.created_at = now()) THEN
    RAISE EXCEPTION 'a published follow-up report cannot be changed (snapshot rows are written only when it is published)';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER follow_up_report_milestones_insert_once BEFORE INSERT ON follow_up_report_milestones
  FOR EACH ROW EXECUTE FUNCTION follow_up_report_milestones_refuse_late_insert();
