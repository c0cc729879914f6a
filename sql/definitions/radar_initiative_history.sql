-- Keeps initiative_history for every writer: an initiative's first row holds from the beginning of time, and each
-- later change of what the facts read (kind, status, dates, whether it has a success measure and an outcome, the
-- pilot it spreads) from
-- the row's `changed_at` when the writer gave one, else from the moment it was written.
CREATE OR REPLACE FUNCTION radar_initiative_history() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    measured CONSTANT boolean := btrim(COALESCE(NEW.success_measure, '')) <> '';
    concluded CONSTANT boolean := btrim(COALESCE(NEW.outcome, '')) <> '';
BEGIN
    IF TG_OP = 'UPDATE' AND (NEW.kind, NEW.status, NEW.starts_on, NEW.ends_on, measured, concluded, NEW.pilot_id)
           IS NOT DISTINCT FROM (OLD.kind, OLD.status, OLD.starts_on, OLD.ends_on,
                                 btrim(COALESCE(OLD.success_measure, '')) <> '', btrim(COALESCE(OLD.outcome, '')) <> '',
                                 OLD.pilot_id)
    THEN
        RETURN NULL;
    END IF;
    INSERT INTO initiative_history (org_id, initiative_id, valid_from, kind, status, starts_on, ends_on,
                                    has_success_measure, has_outcome, pilot_id, changed_by)
    VALUES (NEW.org_id, NEW.id, CASE WHEN TG_OP = 'INSERT' THEN '-infinity' ELSE COALESCE(NEW.changed_at, now()) END,
            NEW.kind, NEW.status, NEW.starts_on, NEW.ends_on, measured, concluded, NEW.pilot_id,
            radar_current_actor());
    RETURN NULL;
END
$$;
