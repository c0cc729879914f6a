-- Gives a member of the current organisation another role there; answers whether anything changed.
CREATE OR REPLACE FUNCTION radar_set_member_role(member uuid, member_role text) RETURNS boolean
    LANGUAGE sql VOLATILE SECURITY DEFINER
    SET search_path = public, pg_temp
AS $$
    WITH changed AS (
        UPDATE memberships SET role = member_role::member_role
         WHERE org_id = radar_current_org() AND user_id = member AND role IS DISTINCT FROM member_role::member_role
        RETURNING 1
    )
    SELECT EXISTS (SELECT FROM changed);
$$;

REVOKE ALL ON FUNCTION radar_set_member_role(uuid, text) FROM PUBLIC;

GRANT EXECUTE ON FUNCTION radar_set_member_role(uuid, text) TO radar_app;
