-- Every update bumps the row's version (optimistic concurrency) and its updated_at, for every writer.
CREATE OR REPLACE FUNCTION radar_touch_row() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    NEW.version := OLD.version + 1;
    NEW.updated_at := now();
    RETURN NEW;
END
$$;
