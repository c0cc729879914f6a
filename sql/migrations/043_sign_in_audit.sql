-- Signing in and out in the audit trail (issue 18, low): successful and failed sign-ins and sign-outs, from the
-- pages and the API, become audit events of no organisation (like accounts' own events), written through
-- radar_audit_sign_in (sql/definitions/radar_audit_sign_in.sql). 'login' was allowed from the start; the other two
-- are new.
ALTER TABLE audit_events DROP CONSTRAINT audit_events_action_check;
ALTER TABLE audit_events ADD CONSTRAINT audit_events_action_check
    CHECK (action IN ('create', 'update', 'delete', 'erase', 'import', 'login', 'login_failed', 'logout'));
