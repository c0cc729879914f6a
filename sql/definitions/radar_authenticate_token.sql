-- The account behind an API token that is neither revoked nor expired at `used_at`. The lookup only reads, and
-- writes the token's last use when the recorded one is a minute old or more, so requests made with one token do
-- not queue on its row.
CREATE OR REPLACE FUNCTION radar_authenticate_token(token_digest text, used_at timestamptz)
    RETURNS TABLE (token_id uuid, user_id uuid, email text, display_name text, org_slugs text[], roles text[])
    LANGUAGE sql VOLATILE SECURITY DEFINER
    SET search_path = public, pg_temp
    AS $$
    WITH found AS (
        SELECT t.id, t.last_used_at, u.id AS user_id, u.email, u.display_name
          FROM api_tokens t
          JOIN users u ON u.id = t.user_id
         WHERE t.token_hash = decode(token_digest, 'hex')
           AND t.revoked_at IS NULL
           AND t.expires_at > used_at
           AND u.disabled_at IS NULL
    ),
    used AS (
        UPDATE api_tokens t
           SET last_used_at = used_at
          FROM found f
         WHERE t.id = f.id
           AND (f.last_used_at IS NULL OR f.last_used_at <= used_at - interval '1 minute')
    )
    SELECT found.id, found.user_id, found.email, found.display_name,
           ARRAY(SELECT o.slug FROM memberships m JOIN organisations o ON o.id = m.org_id
                  WHERE m.user_id = found.user_id ORDER BY o.slug),
           ARRAY(SELECT m.role::text FROM memberships m JOIN organisations o ON o.id = m.org_id
                  WHERE m.user_id = found.user_id ORDER BY o.slug)
      FROM found
    $$;

REVOKE ALL ON FUNCTION radar_authenticate_token(text, timestamptz) FROM PUBLIC;

GRANT EXECUTE ON FUNCTION radar_authenticate_token(text, timestamptz) TO radar_app;
