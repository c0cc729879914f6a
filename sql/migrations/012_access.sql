-- Access to the service: accounts, memberships, API tokens, login throttling and idempotency keys.
-- Accounts are global (one person may work for several organisations); memberships stay per organisation.
-- The application role never reads password hashes or token hashes in bulk: it asks SECURITY DEFINER
-- functions about one e-mail address or one token digest at a time.

ALTER TABLE users
    ADD CONSTRAINT users_email_length CHECK (length(email) <= 254),
    ADD CONSTRAINT users_display_name_present CHECK (btrim(display_name) <> '' AND length(display_name) <= 200);

ALTER TABLE api_tokens
    ADD CONSTRAINT api_tokens_name_present CHECK (btrim(name) <> '' AND length(name) <= 100),
    ADD CONSTRAINT api_tokens_hash_length CHECK (length(token_hash) = 32);
-- A person's live tokens have distinct names, so `radar token list` reads unambiguously.
CREATE UNIQUE INDEX api_tokens_live_name_key ON api_tokens (user_id, name) WHERE revoked_at IS NULL;
CREATE INDEX api_tokens_user_idx ON api_tokens (user_id);
CREATE INDEX memberships_user_idx ON memberships (user_id);

-- Administration of accounts (as the schema owner) spans organisations: an account's memberships are read and
-- written for whichever organisations it belongs to. The application role stays confined by tenant_isolation.
CREATE POLICY memberships_owner ON memberships TO radar_owner USING (true) WITH CHECK (true);

-- Audit events of accounts and tokens belong to no organisation.
CREATE POLICY audit_events_accounts ON audit_events TO radar_owner
    USING (org_id IS NULL) WITH CHECK (org_id IS NULL);

-- Audit for global tables keyed by id: like radar_audit_insert/update of 002, without an organisation.
-- TG_ARGV[0] is the entity name; TG_ARGV[1..] are columns whose change alone is bookkeeping, not a write
-- worth an event (a token's last use).
CREATE FUNCTION radar_audit_account_insert() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO audit_events (org_id, actor, action, entity, entity_id, changed_fields)
    SELECT NULL, radar_current_actor(), 'create', TG_ARGV[0], r.id::text,
           ARRAY(SELECT f.key FROM jsonb_each(to_jsonb(r)) f
                  WHERE f.value <> 'null'::jsonb AND f.key NOT IN ('id', 'created_at', 'updated_at', 'version')
                  ORDER BY f.key)
      FROM new_rows r;
    RETURN NULL;
END
$$;

CREATE FUNCTION radar_audit_account_update() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    ignored text[] := ARRAY['updated_at', 'version'] || COALESCE(TG_ARGV[1:], '{}'::text[]);
BEGIN
    INSERT INTO audit_events (org_id, actor, action, entity, entity_id, changed_fields)
    SELECT NULL, radar_current_actor(), 'update', TG_ARGV[0], changed.id, changed.fields
      FROM (SELECT r.id::text AS id,
                   ARRAY(SELECT n.key FROM jsonb_each(to_jsonb(r)) n
                          WHERE n.value IS DISTINCT FROM (to_jsonb(o) -> n.key) AND n.key <> ALL (ignored)
                          ORDER BY n.key) AS fields
              FROM new_rows r JOIN old_rows o ON o.id = r.id) changed
     WHERE cardinality(changed.fields) > 0;
    RETURN NULL;
END
$$;

CREATE TRIGGER users_audit_insert AFTER INSERT ON users REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION radar_audit_account_insert('user');
CREATE TRIGGER users_audit_update AFTER UPDATE ON users REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION radar_audit_account_update('user');
CREATE TRIGGER api_tokens_audit_insert AFTER INSERT ON api_tokens REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION radar_audit_account_insert('api_token');
CREATE TRIGGER api_tokens_audit_update AFTER UPDATE ON api_tokens
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION radar_audit_account_update('api_token', 'last_used_at');

-- Failed logins, per account (the e-mail as typed, lower-cased, known or not) and per client address.
-- Counts reset once a whole window passes without a failure; the window is the caller's policy.
CREATE TABLE login_failures (
    scope           text NOT NULL CHECK (scope IN ('account', 'address')),
    subject         text NOT NULL CHECK (length(subject) <= 320),
    failures        integer NOT NULL CHECK (failures > 0),
    first_failed_at timestamptz NOT NULL,
    last_failed_at  timestamptz NOT NULL,
    PRIMARY KEY (scope, subject)
);

-- Responses to POSTs carrying an Idempotency-Key, per user and key. A row without completed_at is a request
-- still running. Rows are visible only to the user set in `radar.user_id`.
CREATE TABLE idempotency_keys (
    user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    key          text NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
    request_hash text NOT NULL,
    created_at   timestamptz NOT NULL,
    completed_at timestamptz,
    status       integer CHECK (status BETWEEN 100 AND 599),
    headers      jsonb,
    body         text,
    PRIMARY KEY (user_id, key)
);
CREATE INDEX idempotency_keys_age_idx ON idempotency_keys (created_at);

CREATE FUNCTION radar_current_user() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT NULLIF(current_setting('radar.user_id', true), '')::uuid $$;

ALTER TABLE idempotency_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE idempotency_keys FORCE ROW LEVEL SECURITY;
CREATE POLICY idempotency_keys_own ON idempotency_keys
    USING (user_id = radar_current_user()) WITH CHECK (user_id = radar_current_user());
CREATE POLICY idempotency_keys_owner ON idempotency_keys TO radar_owner USING (true) WITH CHECK (true);

-- What a login needs to know about one e-mail address: the account, its hash and its memberships.
CREATE FUNCTION radar_login_account(login_email text)
    RETURNS TABLE (user_id uuid, email text, display_name text, password_hash text, disabled boolean,
                   org_slugs text[], roles text[])
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = public, pg_temp
    AS $$
    SELECT u.id, u.email, u.display_name, u.password_hash, u.disabled_at IS NOT NULL,
           ARRAY(SELECT o.slug FROM memberships m JOIN organisations o ON o.id = m.org_id
                  WHERE m.user_id = u.id ORDER BY o.slug),
           ARRAY(SELECT m.role::text FROM memberships m JOIN organisations o ON o.id = m.org_id
                  WHERE m.user_id = u.id ORDER BY o.slug)
      FROM users u
     WHERE u.email = lower(login_email)
    $$;

-- Authenticates one API token by its SHA-256 digest (hex), records its use, and answers its holder; no row
-- when the token is unknown, revoked or its holder disabled.
CREATE FUNCTION radar_authenticate_token(token_digest text, used_at timestamptz)
    RETURNS TABLE (token_id uuid, user_id uuid, email text, display_name text, org_slugs text[], roles text[])
    LANGUAGE sql VOLATILE SECURITY DEFINER
    SET search_path = public, pg_temp
    AS $$
    WITH used AS (
        UPDATE api_tokens t
           SET last_used_at = used_at
          FROM users u
         WHERE t.token_hash = decode(token_digest, 'hex')
           AND t.revoked_at IS NULL
           AND u.id = t.user_id
           AND u.disabled_at IS NULL
     RETURNING t.id, u.id AS user_id, u.email, u.display_name
    )
    SELECT used.id, used.user_id, used.email, used.display_name,
           ARRAY(SELECT o.slug FROM memberships m JOIN organisations o ON o.id = m.org_id
                  WHERE m.user_id = used.user_id ORDER BY o.slug),
           ARRAY(SELECT m.role::text FROM memberships m JOIN organisations o ON o.id = m.org_id
                  WHERE m.user_id = used.user_id ORDER BY o.slug)
      FROM used
    $$;

-- Forgets every idempotency key created at or before the cutoff, whoever it belongs to; answers how many.
CREATE FUNCTION radar_purge_idempotency_keys(cutoff timestamptz) RETURNS bigint
    LANGUAGE sql VOLATILE SECURITY DEFINER
    SET search_path = public, pg_temp
    AS $$
    WITH gone AS (DELETE FROM idempotency_keys WHERE created_at <= cutoff RETURNING 1)
    SELECT count(*) FROM gone
    $$;

REVOKE ALL ON FUNCTION radar_login_account(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION radar_authenticate_token(text, timestamptz) FROM PUBLIC;
REVOKE ALL ON FUNCTION radar_purge_idempotency_keys(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION radar_login_account(text) TO radar_app;
GRANT EXECUTE ON FUNCTION radar_authenticate_token(text, timestamptz) TO radar_app;
GRANT EXECUTE ON FUNCTION radar_purge_idempotency_keys(timestamptz) TO radar_app;

REVOKE ALL ON login_failures, idempotency_keys FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE, DELETE ON login_failures, idempotency_keys TO radar_app;
