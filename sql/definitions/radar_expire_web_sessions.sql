-- Deletes every web session idle since `idle_before` or started before `started_before`; answers how many went.
-- The housekeeping's one way past the policy that shows the application role a single session.
CREATE OR REPLACE FUNCTION radar_expire_web_sessions(idle_before timestamptz, started_before timestamptz)
    RETURNS integer
    LANGUAGE sql VOLATILE SECURITY DEFINER
    SET search_path = public, pg_temp
AS $$
    WITH gone AS (
        DELETE FROM web_sessions WHERE last_seen_at <= idle_before OR created_at <= started_before RETURNING 1
    )
    SELECT count(*)::integer FROM gone;
$$;

REVOKE ALL ON FUNCTION radar_expire_web_sessions(timestamptz, timestamptz) FROM PUBLIC;

GRANT EXECUTE ON FUNCTION radar_expire_web_sessions(timestamptz, timestamptz) TO radar_app;
