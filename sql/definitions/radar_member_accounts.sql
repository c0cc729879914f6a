-- The accounts of the current organisation's members (all of them, or the one with `member_email`), each with
-- every organisation it belongs to, so an administrator sees who also works elsewhere.
CREATE OR REPLACE FUNCTION radar_member_accounts(member_email text DEFAULT NULL)
    RETURNS TABLE (id uuid, email text, display_name text, disabled_at timestamptz, created_at timestamptz,
                   org_slugs text[], roles text[])
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = public, pg_temp
AS $$
    SELECT u.id, u.email, u.display_name, u.disabled_at, u.created_at,
           ARRAY(SELECT o.slug FROM memberships m JOIN organisations o ON o.id = m.org_id
                  WHERE m.user_id = u.id ORDER BY o.slug),
           ARRAY(SELECT m.role::text FROM memberships m JOIN organisations o ON o.id = m.org_id
                  WHERE m.user_id = u.id ORDER BY o.slug)
      FROM users u
     WHERE EXISTS (SELECT FROM memberships m WHERE m.user_id = u.id AND m.org_id = radar_current_org())
       AND (member_email IS NULL OR u.email = lower(member_email))
     ORDER BY u.email;
$$;

REVOKE ALL ON FUNCTION radar_member_accounts(text) FROM PUBLIC;

GRANT EXECUTE ON FUNCTION radar_member_accounts(text) TO radar_app;
