-- Revokes the token `token` if it belongs to the user set in `radar.user_id` or to a member of the current
-- organisation (revoking a revoked one changes nothing), and answers it; no row for anyone else's.
CREATE OR REPLACE FUNCTION radar_revoke_api_token(token uuid)
    RETURNS TABLE (id uuid, user_id uuid, email text, name text, created_at timestamptz, last_used_at timestamptz,
                   revoked_at timestamptz, expires_at timestamptz)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = public, pg_temp
AS $$
BEGIN
    UPDATE api_tokens t SET revoked_at = now()
     WHERE t.id = token AND t.revoked_at IS NULL
       AND (t.user_id = radar_current_user()
            OR EXISTS (SELECT FROM memberships m WHERE m.user_id = t.user_id AND m.org_id = radar_current_org()));
    RETURN QUERY
    SELECT t.id, t.user_id, u.email, t.name, t.created_at, t.last_used_at, t.revoked_at, t.expires_at
      FROM api_tokens t JOIN users u ON u.id = t.user_id
     WHERE t.id = token
       AND (t.user_id = radar_current_user()
            OR EXISTS (SELECT FROM memberships m WHERE m.user_id = t.user_id AND m.org_id = radar_current_org()));
END
$$;

REVOKE ALL ON FUNCTION radar_revoke_api_token(uuid) FROM PUBLIC;

GRANT EXECUTE ON FUNCTION radar_revoke_api_token(uuid) TO radar_app;
