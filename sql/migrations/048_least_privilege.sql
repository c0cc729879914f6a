-- Least privilege in the database (issue 18, item 5). The service and the tenant commands log in as radar_service,
-- a member of radar_app only (sql/setup/roles.sql), so injected SQL could not RESET ROLE its way to the owner. What
-- the application role still reached without row-level security gets policies here; what it did as the owner
-- (administering the members of its organisation, its own password and tokens, listing organisations) goes through
-- SECURITY DEFINER functions in sql/definitions, each confined to the organisation entered or to the user set.

-- Accounts: the application role sees its own and those of the current organisation's members, never the rest.
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE users FORCE ROW LEVEL SECURITY;
CREATE POLICY users_owner ON users TO radar_owner USING (true) WITH CHECK (true);
CREATE POLICY users_visible ON users FOR SELECT TO radar_app
    USING (id = (SELECT radar_current_user()) OR id IN (SELECT m.user_id FROM memberships m));

-- Web sessions: the application role reaches only the session whose digest the transaction names
-- (radar.web_session), that is, the one whose cookie came with the request.
ALTER TABLE web_sessions ENABLE ROW LEVEL SECURITY;
ALTER TABLE web_sessions FORCE ROW LEVEL SECURITY;
CREATE POLICY web_sessions_owner ON web_sessions TO radar_owner USING (true) WITH CHECK (true);
CREATE POLICY web_sessions_one ON web_sessions TO radar_app
    USING (digest = (SELECT decode(NULLIF(current_setting('radar.web_session', true), ''), 'hex')))
    WITH CHECK (digest = (SELECT decode(NULLIF(current_setting('radar.web_session', true), ''), 'hex')));

-- The service's readiness check reads which migrations and definitions are applied.
GRANT SELECT ON schema_migrations, schema_definitions TO radar_app;

-- Entering an organisation now names the member who enters (sql/definitions/radar_enter_organisation.sql).
DROP FUNCTION IF EXISTS radar_enter_organisation(text, text);
