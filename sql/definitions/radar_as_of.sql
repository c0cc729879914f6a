-- Time: the query and fact views answer as of radar_as_of(), and nothing recorded after that instant counts. Days
-- are calendar days in the organisation's time zone.
--
-- The instant the queries answer for: `radar.as_of` when set (the CLI's --as-of, transaction-local), else now.
CREATE OR REPLACE FUNCTION radar_as_of() RETURNS timestamptz
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT COALESCE(NULLIF(current_setting('radar.as_of', true), '')::timestamptz, now()) $$;
