CREATE OR REPLACE FUNCTION radar_flag_event_snooze() RETURNS trigger
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
