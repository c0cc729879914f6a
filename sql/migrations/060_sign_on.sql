-- Single sign-on with OpenID Connect (issue 19, part 1). An organisation may name one provider: its issuer, this
-- service's client id and secret there, the e-mail domains it vouches for, which claim carries a person's groups
-- or roles and which values of it make an admin, an HR user or a viewer, and whether its members may still sign
-- in with a password. The secret is needed to redeem codes, so it is stored; the product never logs it nor shows
-- it back whole, and the audit trail names it only as a changed field.
CREATE TABLE sign_on_providers (
    org_id           uuid PRIMARY KEY REFERENCES organisations (id) ON DELETE CASCADE,
    label            text NOT NULL CHECK (btrim(label) <> '' AND length(label) <= 100),
    issuer           text NOT NULL CHECK (issuer ~ '^https?://[^\s]+$' AND length(issuer) <= 500),
    client_id        text NOT NULL CHECK (btrim(client_id) <> '' AND length(client_id) <= 255),
    client_secret    text NOT NULL CHECK (client_secret <> '' AND length(client_secret) <= 1000),
    email_domains    text[] NOT NULL CHECK (cardinality(email_domains) BETWEEN 1 AND 50),
    group_claim      text NOT NULL DEFAULT 'groups' CHECK (btrim(group_claim) <> '' AND length(group_claim) <= 100),
    admin_groups     text[] NOT NULL DEFAULT '{}' CHECK (cardinality(admin_groups) <= 50),
    hr_groups        text[] NOT NULL DEFAULT '{}' CHECK (cardinality(hr_groups) <= 50),
    viewer_groups    text[] NOT NULL DEFAULT '{}' CHECK (cardinality(viewer_groups) <= 50),
    password_sign_in boolean NOT NULL DEFAULT true,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    version          integer NOT NULL DEFAULT 1,
    -- Without a value that grants a role, nobody could sign in through the provider.
    CONSTRAINT sign_on_providers_some_group
        CHECK (cardinality(admin_groups) + cardinality(hr_groups) + cardinality(viewer_groups) > 0)
);
-- A sign-in started from an e-mail address finds its provider by the address's domain.
CREATE INDEX sign_on_providers_domains_idx ON sign_on_providers USING gin (email_domains);

ALTER TABLE sign_on_providers ENABLE ROW LEVEL SECURITY;
ALTER TABLE sign_on_providers FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON sign_on_providers USING (org_id = (SELECT radar_current_org()))
    WITH CHECK (org_id = (SELECT radar_current_org()));
-- A sign-in begins before anyone is in an organisation: the service, as the owner, finds the provider by the
-- organisation's slug or an e-mail domain. Reading only; writes go through the organisation, and are audited in it.
CREATE POLICY sign_on_providers_owner_reads ON sign_on_providers FOR SELECT TO radar_owner USING (true);
REVOKE ALL ON sign_on_providers FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE, DELETE ON sign_on_providers TO radar_app;
CREATE TRIGGER sign_on_providers_touch BEFORE UPDATE ON sign_on_providers
    FOR EACH ROW EXECUTE FUNCTION radar_touch_row();
CREATE TRIGGER sign_on_providers_audit_insert AFTER INSERT ON sign_on_providers REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION radar_audit_insert('sign_on_provider', 'r.org_id::text');
CREATE TRIGGER sign_on_providers_audit_update AFTER UPDATE ON sign_on_providers
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION radar_audit_update('sign_on_provider', 'r.org_id::text');
CREATE TRIGGER sign_on_providers_audit_delete AFTER DELETE ON sign_on_providers REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION radar_audit_delete('sign_on_provider', 'r.org_id::text');

-- Sign-ins on their way through a provider: known by the SHA-256 digest of their `state` (the state itself travels
-- only in the browser), with the nonce and PKCE verifier the callback needs. A callback takes its row away, so a
-- state works once; rows past their expiry are refused and cleared by the web housekeeping. Like web_sessions, the
-- table is reached before anyone is inside an organisation, so it names its organisation by slug and belongs to none.
CREATE TABLE sign_on_attempts (
    state_digest bytea PRIMARY KEY CHECK (length(state_digest) = 32),
    org_slug     text NOT NULL REFERENCES organisations (slug) ON DELETE CASCADE ON UPDATE CASCADE,
    nonce        text NOT NULL CHECK (length(nonce) BETWEEN 32 AND 100),
    verifier     text NOT NULL CHECK (length(verifier) BETWEEN 43 AND 128),
    next         text NOT NULL CHECK (length(next) <= 500),
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    CONSTRAINT sign_on_attempts_expiry_after_start CHECK (expires_at > created_at)
);
CREATE INDEX sign_on_attempts_expiry_idx ON sign_on_attempts (expires_at);
REVOKE ALL ON sign_on_attempts FROM PUBLIC;
GRANT SELECT, INSERT, DELETE ON sign_on_attempts TO radar_app;
