-- Elections (decision 071): rules the database keeps even when the application is bypassed.
-- A secret election never becomes non-secret; phases only move forward; the frozen roll, the box
-- heads and the published results never change.
CREATE FUNCTION election_guard() RETURNS trigger AS $$
BEGIN
  IF OLD.secret AND NOT NEW.secret THEN
    RAISE EXCEPTION 'a secret election cannot be made non-secret';
  END IF;
  IF (CASE NEW.phase WHEN 'nominations' THEN 0 WHEN 'voting' THEN 1 ELSE 2 END)
     < (CASE OLD.phase WHEN 'nominations' THEN 0 WHEN 'voting' THEN 1 ELSE 2 END) THEN
    RAISE EXCEPTION 'an election phase cannot go back';
  END IF;
  IF OLD.roll_sha256 IS NOT NULL AND (NEW.roll_sha256 IS DISTINCT FROM OLD.roll_sha256 OR NEW.roll_count IS DISTINCT FROM OLD.roll_count) THEN
    RAISE EXCEPTION 'a frozen electoral roll cannot change';
  END IF;
  IF OLD.phase <> 'nominations' AND (NEW.seats <> OLD.seats OR NEW.tie_rule <> OLD.tie_rule) THEN
    RAISE EXCEPTION 'the rules of an election cannot change once voting opened';
  END IF;
  IF OLD.phase = 'published' AND (NEW IS DISTINCT FROM OLD) THEN
    RAISE EXCEPTION 'a published election cannot change';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER elections_guard BEFORE UPDATE ON elections FOR EACH ROW EXECUTE FUNCTION election_guard();
--> statement-breakpoint
CREATE FUNCTION election_refuse_delete() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'election records cannot be deleted (%)', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER elections_no_delete BEFORE DELETE ON elections FOR EACH ROW EXECUTE FUNCTION election_refuse_delete();
--> statement-breakpoint
CREATE TRIGGER election_roll_no_delete BEFORE DELETE ON election_roll FOR EACH ROW EXECUTE FUNCTION election_refuse_delete();
--> statement-breakpoint
CREATE TRIGGER election_voters_no_delete BEFORE DELETE ON election_voters FOR EACH ROW EXECUTE FUNCTION election_refuse_delete();
--> statement-breakpoint
CREATE TRIGGER election_ballots_no_delete BEFORE DELETE ON election_ballots FOR EACH ROW EXECUTE FUNCTION election_refuse_delete();
--> statement-breakpoint
CREATE TRIGGER election_roll_no_truncate BEFORE TRUNCATE ON election_roll FOR EACH STATEMENT EXECUTE FUNCTION election_refuse_delete();
--> statement-breakpoint
CREATE TRIGGER election_voters_no_truncate BEFORE TRUNCATE ON election_voters FOR EACH STATEMENT EXECUTE FUNCTION election_refuse_delete();
--> statement-breakpoint
CREATE TRIGGER election_ballots_no_truncate BEFORE TRUNCATE ON election_ballots FOR EACH STATEMENT EXECUTE FUNCTION election_refuse_delete();
--> statement-breakpoint
-- The roll is written once, in the transaction that opens voting (the election is still in nominations then).
CREATE FUNCTION election_roll_guard() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    RAISE EXCEPTION 'a frozen electoral roll cannot change';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM elections e WHERE e.id = NEW.election_id AND e.phase = 'nominations' AND e.roll_sha256 IS NULL) THEN
    RAISE EXCEPTION 'the electoral roll is frozen';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER election_roll_guard BEFORE INSERT OR UPDATE ON election_roll FOR EACH ROW EXECUTE FUNCTION election_roll_guard();
--> statement-breakpoint
-- Votes only while voting is open. Ballots change once: the chain hash written at close. A
-- "who voted" row never changes (an update that changes nothing is allowed: closing rewrites
-- the rows so that no trace of the order they were written in survives, decision 071).
CREATE FUNCTION election_ballot_guard() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NOT EXISTS (SELECT 1 FROM elections e WHERE e.id = NEW.election_id AND e.phase = 'voting') THEN
      RAISE EXCEPTION 'voting is not open';
    END IF;
    IF NEW.chain_hash IS NOT NULL THEN
      RAISE EXCEPTION 'a ballot is chained only at close';
    END IF;
    RETURN NEW;
  END IF;
  IF NEW.id <> OLD.id OR NEW.election_id <> OLD.election_id OR NEW.receipt <> OLD.receipt OR NEW.choices <> OLD.choices
     OR NEW.spoiled <> OLD.spoiled OR (OLD.chain_hash IS NOT NULL AND NEW.chain_hash IS DISTINCT FROM OLD.chain_hash) THEN
    RAISE EXCEPTION 'a ballot cannot change';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE FUNCTION election_voter_guard() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NOT EXISTS (SELECT 1 FROM elections e WHERE e.id = NEW.election_id AND e.phase = 'voting') THEN
      RAISE EXCEPTION 'voting is not open';
    END IF;
    RETURN NEW;
  END IF;
  IF NEW IS DISTINCT FROM OLD THEN
    RAISE EXCEPTION 'a record of who voted cannot change';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER election_ballots_guard BEFORE INSERT OR UPDATE ON election_ballots FOR EACH ROW EXECUTE FUNCTION election_ballot_guard();
--> statement-breakpoint
CREATE TRIGGER election_voters_guard BEFORE INSERT OR UPDATE ON election_voters FOR EACH ROW EXECUTE FUNCTION election_voter_guard();
--> statement-breakpoint
-- Approved minutes never change (decision 073): a correction is a new version with a reason.
CREATE FUNCTION meeting_minutes_guard() RETURNS trigger AS $$
BEGIN
  IF OLD.state = 'approved' THEN
    IF TG_OP = 'DELETE' THEN
      RAISE EXCEPTION 'approved minutes cannot be deleted';
    END IF;
    -- Only publishing (linking the repository document once) is allowed after approval.
    IF NEW.id <> OLD.id OR NEW.meeting_id <> OLD.meeting_id OR NEW.version <> OLD.version OR NEW.body <> OLD.body OR NEW.state <> OLD.state
       OR NEW.correction_reason IS DISTINCT FROM OLD.correction_reason OR NEW.approved_by IS DISTINCT FROM OLD.approved_by
       OR NEW.approved_by_name IS DISTINCT FROM OLD.approved_by_name OR NEW.approved_at IS DISTINCT FROM OLD.approved_at
       OR (OLD.document_id IS NOT NULL AND NEW.document_id IS DISTINCT FROM OLD.document_id) THEN
      RAISE EXCEPTION 'approved minutes cannot change; write a corrected version';
    END IF;
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER meeting_minutes_guard BEFORE UPDATE OR DELETE ON meeting_minutes FOR EACH ROW EXECUTE FUNCTION meeting_minutes_guard();
--> statement-breakpoint
CREATE TRIGGER meeting_minutes_no_truncate BEFORE TRUNCATE ON meeting_minutes FOR EACH STATEMENT EXECUTE FUNCTION election_refuse_delete();
