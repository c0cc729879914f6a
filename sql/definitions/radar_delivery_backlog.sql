-- The digest outbox across every organisation, for the operator's /metrics: deliveries waiting to be sent, those
-- already due (their next attempt has come), how long the oldest due one has waited, and those given up on. Counts
-- only, never an organisation's content.
CREATE OR REPLACE FUNCTION radar_delivery_backlog()
    RETURNS TABLE (pending bigint, due bigint, oldest_due_seconds double precision, failed bigint)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = public, pg_temp
AS $$
    SELECT count(*) FILTER (WHERE d.status = 'pending'),
           count(*) FILTER (WHERE d.status = 'pending' AND d.next_attempt_at <= now()),
           COALESCE(extract(epoch FROM now() - min(d.next_attempt_at)
                             FILTER (WHERE d.status = 'pending' AND d.next_attempt_at <= now()))::double precision, 0),
           count(*) FILTER (WHERE d.status = 'failed')
      FROM digest_deliveries d;
$$;

REVOKE ALL ON FUNCTION radar_delivery_backlog() FROM PUBLIC;

GRANT EXECUTE ON FUNCTION radar_delivery_backlog() TO radar_app;
