-- One session by digest with its account and every membership (which the application role cannot list across
-- organisations itself); no row when the session is unknown or its account disabled.
CREATE OR REPLACE FUNCTION radar_web_session(session_digest bytea)
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
