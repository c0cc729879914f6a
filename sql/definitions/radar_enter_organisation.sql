-- Enters an organisation in one call: sets the actor, the member (when a signed-in person acts) and the
-- organisation, then reads the organisation back through row-level security. A member who does not belong to the
-- organisation enters nothing: no row, and every tenant read stays empty. Invoker's rights: it runs as radar_app,
-- so the organisations policy still applies. Operators' commands name no member.
CREATE OR REPLACE FUNCTION radar_enter_organisation(acting text, org_slug text, member uuid DEFAULT NULL)
    RETURNS TABLE (id uuid, slug text, name text, time_zone text, week_start smallint)
    LANGUAGE sql VOLATILE
    SET search_path = public, pg_temp
AS $$
    SELECT set_config('radar.actor', acting, true),
           set_config('radar.user_id', COALESCE(member::text, ''), true),
           set_config('radar.org_id',
                      COALESCE(CASE WHEN member IS NULL OR radar_member_role(member, e.org) IS NOT NULL
                                    THEN e.org::text END, ''),
                      true)
      FROM (SELECT radar_org_id(org_slug) AS org) e;
    SELECT o.id, o.slug, o.name, o.time_zone, o.week_start FROM organisations o WHERE o.id = radar_current_org();
$$;

REVOKE ALL ON FUNCTION radar_enter_organisation(text, text, uuid) FROM PUBLIC;

GRANT EXECUTE ON FUNCTION radar_enter_organisation(text, text, uuid) TO radar_app;
