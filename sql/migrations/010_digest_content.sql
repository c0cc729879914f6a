-- What the weekly digest needs to re-create any past week exactly from the flag ledger.

-- A snooze event remembers until when, so a past week's digest can say "snoozed until …" even after the flag was
-- snoozed again or woke up. Filled from the flag row, which FlagBook updates before it writes the event.
ALTER TABLE flag_events ADD COLUMN snoozed_until date;

CREATE FUNCTION radar_flag_event_snooze() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF NEW.event = 'snoozed' AND NEW.snoozed_until IS NULL THEN
        SELECT f.snoozed_until INTO NEW.snoozed_until
          FROM flags f
         WHERE f.org_id = NEW.org_id AND f.id = NEW.flag_id;
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER flag_events_snooze BEFORE INSERT ON flag_events
    FOR EACH ROW EXECUTE FUNCTION radar_flag_event_snooze();

COMMENT ON COLUMN flag_events.snoozed_until IS 'For snoozed events: the day the flag was snoozed until.';
