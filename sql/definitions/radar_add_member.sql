-- Creates an account and makes it a member of the current organisation with `member_role`; answers its id. An
-- e-mail that already has an account is a unique violation, as it is for the owner.
CREATE OR REPLACE FUNCTION radar_add_member(
    member_email text, member_name text, hash text, must_change boolean, member_role text
) RETURNS uuid
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = public, pg_temp
AS $$
DECLARE
    created uuid;
BEGIN
    IF radar_current_org() IS NULL THEN
        RAISE EXCEPTION 'no organisation entered' USING ERRCODE = 'insufficient_privilege';
    END IF;
    INSERT INTO users (email, display_name, password_hash, must_change_password)
    VALUES (member_email, member_name, hash, must_change)
    RETURNING users.id INTO created;
    INSERT INTO memberships (org_id, user_id, role) VALUES (radar_current_org(), created, member_role::member_role);
    RETURN created;
END
$$;

REVOKE ALL ON FUNCTION radar_add_member(text, text, text, boolean, text) FROM PUBLIC;

GRANT EXECUTE ON FUNCTION radar_add_member(text, text, text, boolean, text) TO radar_app;
