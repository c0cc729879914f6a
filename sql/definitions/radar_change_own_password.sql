-- Replaces the password of the user set in `radar.user_id` (the caller checked the current one) and signs them
-- out everywhere: tokens revoked, web sessions ended.
CREATE OR REPLACE FUNCTION radar_change_own_password(hash text) RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = public, pg_temp
AS $$
BEGIN
    IF radar_current_user() IS NULL THEN
        RAISE EXCEPTION 'no user set' USING ERRCODE = 'insufficient_privilege';
    END IF;
    UPDATE users SET password_hash = hash, must_change_password = false WHERE id = radar_current_user();
    UPDATE api_tokens SET revoked_at = now() WHERE user_id = radar_current_user() AND revoked_at IS NULL;
    DELETE FROM web_sessions WHERE user_id = radar_current_user();
END
$$;

REVOKE ALL ON FUNCTION radar_change_own_password(text) FROM PUBLIC;

GRANT EXECUTE ON FUNCTION radar_change_own_password(text) TO radar_app;
