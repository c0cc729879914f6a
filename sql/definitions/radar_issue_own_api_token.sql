-- A new API token for the user set in `radar.user_id`, unless their account is disabled (no row then). A live
-- token of theirs with the same name is a unique violation.
CREATE OR REPLACE FUNCTION radar_issue_own_api_token(
    token_name text, hash text, made timestamptz, expires timestamptz
) RETURNS TABLE (id uuid, user_id uuid, email text, name text, created_at timestamptz, last_used_at timestamptz,
                 revoked_at timestamptz, expires_at timestamptz)
    LANGUAGE sql VOLATILE SECURITY DEFINER
    SET search_path = public, pg_temp
AS $$
    WITH created AS (
        INSERT INTO api_tokens (user_id, name, token_hash, created_at, expires_at)
        SELECT u.id, token_name, decode(hash, 'hex'), made, expires
          FROM users u WHERE u.id = radar_current_user() AND u.disabled_at IS NULL
        RETURNING api_tokens.id, api_tokens.user_id, api_tokens.name, api_tokens.created_at,
                  api_tokens.last_used_at, api_tokens.revoked_at, api_tokens.expires_at
    )
    SELECT c.id, c.user_id, u.email, c.name, c.created_at, c.last_used_at, c.revoked_at, c.expires_at
      FROM created c JOIN users u ON u.id = c.user_id;
$$;

REVOKE ALL ON FUNCTION radar_issue_own_api_token(text, text, timestamptz, timestamptz) FROM PUBLIC;

GRANT EXECUTE ON FUNCTION radar_issue_own_api_token(text, text, timestamptz, timestamptz) TO radar_app;
