-- An instant as ISO 8601 in UTC to the second, e.g. 2026-03-02T09:30:00Z, whatever the session's time zone.
CREATE OR REPLACE FUNCTION radar_iso8601(t timestamptz) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') $$;
