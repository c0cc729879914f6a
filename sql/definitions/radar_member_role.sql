-- The role `member` holds in the organisation `org`, or null; for checks made before any organisation is entered.
CREATE OR REPLACE FUNCTION radar_member_role(member uuid, org uuid) RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = public, pg_temp
AS $$
    SELECT m.role::text FROM memberships m WHERE m.user_id = member AND m.org_id = org;
$$;

REVOKE ALL ON FUNCTION radar_member_role(uuid, uuid) FROM PUBLIC;

GRANT EXECUTE ON FUNCTION radar_member_role(uuid, uuid) TO radar_app;
