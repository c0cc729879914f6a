-- The API tokens (never their hashes) of the current organisation's members, revoked ones included.
CREATE OR REPLACE FUNCTION radar_member_api_tokens()
    RETURNS TABLE (id uuid, user_id uuid, email text, name text, created_at timestamptz, last_used_at timestamptz,
                   revoked_at timestamptz, expires_at timestamptz)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = public, pg_temp
AS $$
    SELECT t.id, t.user_id, u.email, t.name, t.created_at, t.last_used_at, t.revoked_at, t.expires_at
      FROM api_tokens t JOIN users u ON u.id = t.user_id
     WHERE EXISTS (SELECT FROM memberships m WHERE m.user_id = t.user_id AND m.org_id = radar_current_org())
     ORDER BY u.email, t.created_at, t.id;
$$;

REVOKE ALL ON FUNCTION radar_member_api_tokens() FROM PUBLIC;

GRANT EXECUTE ON FUNCTION radar_member_api_tokens() TO radar_app;
