-- Every organisation, by slug, for the scheduler's rounds and `radar org list` (the application role sees only
-- the organisation it entered).
CREATE OR REPLACE FUNCTION radar_organisations()
    RETURNS TABLE (id uuid, slug text, name text, time_zone text, week_start smallint)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = public, pg_temp
AS $$
    SELECT o.id, o.slug, o.name, o.time_zone, o.week_start FROM organisations o ORDER BY o.slug;
$$;

REVOKE ALL ON FUNCTION radar_organisations() FROM PUBLIC;

GRANT EXECUTE ON FUNCTION radar_organisations() TO radar_app;
