-- Resolves an organisation's slug before any organisation is set (the application role cannot list them).
CREATE OR REPLACE FUNCTION radar_org_id(org_slug text) RETURNS uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = public, pg_temp
    AS $$ SELECT id FROM organisations WHERE slug = org_slug $$;

REVOKE ALL ON FUNCTION radar_org_id(text) FROM PUBLIC;

GRANT EXECUTE ON FUNCTION radar_org_id(text) TO radar_app;
