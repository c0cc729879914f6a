-- What a login needs to know about one e-mail address: the account, its hash and its memberships.
CREATE OR REPLACE FUNCTION radar_login_account(login_email text)
    RETURNS TABLE (user_id uuid, email text, display_name text, password_hash text, disabled boolean,
                   must_change_password boolean, org_slugs text[], roles text[])
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = public, pg_temp
    AS $$
    SELECT u.id, u.email, u.display_name, u.password_hash, u.disabled_at IS NOT NULL, u.must_change_password,
           ARRAY(SELECT o.slug FROM memberships m JOIN organisations o ON o.id = m.org_id
                  WHERE m.user_id = u.id ORDER BY o.slug),
           ARRAY(SELECT m.role::text FROM memberships m JOIN organisations o ON o.id = m.org_id
                  WHERE m.user_id = u.id ORDER BY o.slug)
      FROM users u
     WHERE u.email = lower(login_email)
    $$;

REVOKE ALL ON FUNCTION radar_login_account(text) FROM PUBLIC;

GRANT EXECUTE ON FUNCTION radar_login_account(text) TO radar_app;
