-- Forgets every idempotency key created at or before the cutoff, whoever it belongs to; answers how many.
CREATE OR REPLACE FUNCTION radar_purge_idempotency_keys(cutoff timestamptz) RETURNS bigint
    LANGUAGE sql VOLATILE SECURITY DEFINER
    SET search_path = public, pg_temp
    AS $$
    WITH gone AS (DELETE FROM idempotency_keys WHERE created_at <= cutoff RETURNING 1)
    SELECT count(*) FROM gone
    $$;

REVOKE ALL ON FUNCTION radar_purge_idempotency_keys(timestamptz) FROM PUBLIC;

GRANT EXECUTE ON FUNCTION radar_purge_idempotency_keys(timestamptz) TO radar_app;
