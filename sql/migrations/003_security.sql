-- Tenant isolation and least privilege. radar_app owns nothing and cannot bypass row-level security; every
-- tenant table has RLS enabled and forced (so even the owner sees only the organisation set in
-- `radar.org_id`), and with no organisation set no tenant row is visible.

DO $isolate$
DECLARE
    t record;
BEGIN
    FOR t IN
        SELECT c.relname
          FROM pg_class c
          JOIN pg_namespace n ON n.oid = c.relnamespace
          JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'org_id' AND NOT a.attisdropped
         WHERE n.nspname = 'public' AND c.relkind = 'r'
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t.relname);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t.relname);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (org_id = radar_current_org())
                        WITH CHECK (org_id = radar_current_org())', t.relname);
    END LOOP;
END
$isolate$;

-- Organisations: the application role sees only the one it works for; the owner administers all of them.
ALTER TABLE organisations ENABLE ROW LEVEL SECURITY;
ALTER TABLE organisations FORCE ROW LEVEL SECURITY;
CREATE POLICY organisations_current ON organisations TO radar_app
    USING (id = radar_current_org()) WITH CHECK (id = radar_current_org());
CREATE POLICY organisations_owner ON organisations TO radar_owner USING (true) WITH CHECK (true);

-- Resolves an organisation's slug before any organisation is set (the application role cannot list them).
CREATE FUNCTION radar_org_id(org_slug text) RETURNS uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = public, pg_temp
    AS $$ SELECT id FROM organisations WHERE slug = org_slug $$;
REVOKE ALL ON FUNCTION radar_org_id(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION radar_org_id(text) TO radar_app;

REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC;
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM radar_app;

GRANT SELECT ON guidelines, default_rules TO radar_app;
GRANT SELECT, UPDATE ON organisations TO radar_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON
    stakeholders, conversations, conversation_participants, conversation_guidelines, fears, commitments,
    initiatives, business_priorities, rules, flags, engagement_snapshots, digests, delivery_channels,
    digest_deliveries
    TO radar_app;
GRANT SELECT ON memberships TO radar_app;
-- Users' password hashes and API tokens are never readable by the application role.
GRANT SELECT (id, email, display_name, disabled_at, created_at) ON users TO radar_app;
-- The trail of changes is append-only for the application.
GRANT SELECT, INSERT ON audit_events, flag_events TO radar_app;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO radar_app;
