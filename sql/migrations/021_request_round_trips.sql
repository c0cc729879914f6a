-- Fewer round trips per API request (issue 8).
--
-- Entering an organisation took two statements after the role change: one to set the actor and the organisation,
-- one to read the organisation back through row-level security. radar_enter_organisation does both in one call. It
-- is an ordinary (invoker's rights) function: it runs as radar_app, so the organisation row is still read through
-- the organisations policy, after the setting that policy reads.
CREATE FUNCTION radar_enter_organisation(acting text, org_slug text)
    RETURNS TABLE (id uuid, slug text, name text, time_zone text, week_start smallint)
    LANGUAGE sql VOLATILE
    SET search_path = public, pg_temp
AS $$
    SELECT set_config('radar.actor', acting, true),
           set_config('radar.org_id', COALESCE(radar_org_id(org_slug)::text, ''), true);
    SELECT o.id, o.slug, o.name, o.time_zone, o.week_start FROM organisations o WHERE o.id = radar_current_org();
$$;
REVOKE ALL ON FUNCTION radar_enter_organisation(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION radar_enter_organisation(text, text) TO radar_app;

-- A conversation's fears and commitments are read with it (shown after recording, listed with the timeline), and
-- there was no index to find them by conversation: each read scanned the organisation's fears and commitments.
CREATE INDEX fears_conversation_idx ON fears (org_id, conversation_id) WHERE conversation_id IS NOT NULL;
CREATE INDEX commitments_conversation_idx ON commitments (org_id, conversation_id) WHERE conversation_id IS NOT NULL;
