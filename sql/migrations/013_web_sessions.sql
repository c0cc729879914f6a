-- The HR web pages: sign-in sessions and one-time form ids.
-- A session is known to the server only by the SHA-256 digest of its random id; the id itself lives in the
-- browser's cookie. Expiry (idle and absolute) is the caller's policy, judged against the instants stored here.

CREATE TABLE web_sessions (
    digest       bytea PRIMARY KEY CHECK (length(digest) = 32),
    user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- The organisation the pages show; one of the user's memberships, chosen at sign-in.
    org_slug     text NOT NULL CHECK (length(org_slug) <= 100),
    csrf_token   text NOT NULL CHECK (length(csrf_token) BETWEEN 32 AND 100),
    created_at   timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL,
    -- A one-off message for the next page shown (after a redirect).
    flash        text CHECK (length(flash) <= 500)
);
CREATE INDEX web_sessions_user_idx ON web_sessions (user_id);
CREATE INDEX web_sessions_last_seen_idx ON web_sessions (last_seen_at);

-- Form ids handed out with a form and claimed by the write it submits, in the write's own transaction, so a
-- double click or a resubmission records once. `location` is where the first submission led.
CREATE TABLE web_form_submissions (
    org_id     uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    form_id    text NOT NULL CHECK (length(form_id) BETWEEN 16 AND 100),
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    claimed_at timestamptz NOT NULL,
    location   text NOT NULL CHECK (length(location) <= 500),
    PRIMARY KEY (org_id, form_id)
);
CREATE INDEX web_form_submissions_age_idx ON web_form_submissions (claimed_at);

ALTER TABLE web_form_submissions ENABLE ROW LEVEL SECURITY;
ALTER TABLE web_form_submissions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON web_form_submissions USING (org_id = radar_current_org())
    WITH CHECK (org_id = radar_current_org());

-- One session by digest with its account and every membership (which the application role cannot list across
-- organisations itself); no row when the session is unknown or its account disabled.
CREATE FUNCTION radar_web_session(session_digest bytea)
    RETURNS TABLE (user_id uuid, email text, display_name text, org_slug text, csrf_token text,
                   created_at timestamptz, last_seen_at timestamptz, flash text, org_slugs text[], roles text[],
                   org_names text[])
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = public, pg_temp
    AS $$
    SELECT u.id, u.email, u.display_name, w.org_slug, w.csrf_token, w.created_at, w.last_seen_at, w.flash,
           ARRAY(SELECT o.slug FROM memberships m JOIN organisations o ON o.id = m.org_id
                  WHERE m.user_id = u.id ORDER BY o.slug),
           ARRAY(SELECT m.role::text FROM memberships m JOIN organisations o ON o.id = m.org_id
                  WHERE m.user_id = u.id ORDER BY o.slug),
           ARRAY(SELECT o.name FROM memberships m JOIN organisations o ON o.id = m.org_id
                  WHERE m.user_id = u.id ORDER BY o.slug)
      FROM web_sessions w JOIN users u ON u.id = w.user_id
     WHERE w.digest = session_digest AND u.disabled_at IS NULL
    $$;
REVOKE ALL ON FUNCTION radar_web_session(bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION radar_web_session(bytea) TO radar_app;

REVOKE ALL ON web_sessions, web_form_submissions FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE, DELETE ON web_sessions TO radar_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON web_form_submissions TO radar_app;
