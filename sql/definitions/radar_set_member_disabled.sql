-- Disables (signing them out everywhere: tokens revoked, web sessions ended) or enables a member of the current
-- organisation; anyone else is refused.
CREATE OR REPLACE FUNCTION radar_set_member_disabled(member uuid, disable boolean) RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = public, pg_temp
AS $$
BEGIN
    IF NOT EXISTS (SELECT FROM memberships m WHERE m.user_id = member AND m.org_id = radar_current_org()) THEN
        RAISE EXCEPTION 'not a member of the organisation entered' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF disable THEN
        UPDATE users SET disabled_at = now() WHERE id = member AND disabled_at IS NULL;
        UPDATE api_tokens SET revoked_at = now() WHERE user_id = member AND revoked_at IS NULL;
        DELETE FROM web_sessions WHERE user_id = member;
    ELSE
        UPDATE users SET disabled_at = NULL WHERE id = member AND disabled_at IS NOT NULL;
    END IF;
END
$$;

REVOKE ALL ON FUNCTION radar_set_member_disabled(uuid, boolean) FROM PUBLIC;

GRANT EXECUTE ON FUNCTION radar_set_member_disabled(uuid, boolean) TO radar_app;
