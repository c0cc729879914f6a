-- Enters an organisation in one call: sets the actor and the organisation, then reads the organisation back
-- through row-level security. Invoker's rights: it runs as radar_app, so the organisations policy still applies.
CREATE OR REPLACE FUNCTION radar_enter_organisation(acting text, org_slug text)
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
