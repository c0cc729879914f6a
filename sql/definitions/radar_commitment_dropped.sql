-- A commitment dropped without a day is dropped on the organisation's today; one that is no longer dropped
-- forgets the day.
CREATE OR REPLACE FUNCTION radar_commitment_dropped() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status <> 'dropped' THEN
        NEW.dropped_on := NULL;
    ELSIF NEW.dropped_on IS NULL THEN
        NEW.dropped_on := (now() AT TIME ZONE (SELECT o.time_zone FROM organisations o WHERE o.id = NEW.org_id))::date;
    END IF;
    RETURN NEW;
END
$$;
