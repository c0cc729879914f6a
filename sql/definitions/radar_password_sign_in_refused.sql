-- Whether an account may not sign in with a password: it belongs to an organisation that switched password sign-in
-- off. Answers that organisation's provider label (the way it signs in instead), or NULL. Asked at each password
-- sign-in by the application role, which cannot read memberships or providers across organisations itself.
CREATE OR REPLACE FUNCTION radar_password_sign_in_refused(login_email text)
    RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = public, pg_temp
AS $$
    SELECT p.label
      FROM users u
      JOIN memberships m ON m.user_id = u.id
      JOIN sign_on_providers p ON p.org_id = m.org_id
     WHERE u.email = lower(login_email) AND NOT p.password_sign_in
     ORDER BY p.label
     LIMIT 1
$$;

REVOKE ALL ON FUNCTION radar_password_sign_in_refused(text) FROM PUBLIC;

GRANT EXECUTE ON FUNCTION radar_password_sign_in_refused(text) TO radar_app;
