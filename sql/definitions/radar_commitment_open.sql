-- Whether a commitment was open on `day`: made by then and neither done nor dropped by then. A dropped one with
-- no day (dropped before drops had one) counts as dropped from the start.
CREATE OR REPLACE FUNCTION radar_commitment_open(
    status text, made_on date, done_on date, dropped_on date, day date
) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
        SELECT made_on <= day
           AND (status = 'open' OR (status = 'done' AND done_on > day)
                OR (status = 'dropped' AND dropped_on > day))
    $$;
