-- When the organisation in scope switches password sign-in off: ends the web sessions its members opened in it
-- and revokes the tokens they got by logging in with a password (named 'login …'), except the member making the
-- change (`radar.user_id`), so nobody keeps working on a password that no longer admits them. Tokens made on
-- purpose for scripts stay; they expire on their own. Answers how many sessions and tokens went.
CREATE OR REPLACE FUNCTION radar_end_password_sign_ins()
    RETURNS integer
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = public, pg_temp
AS $$
DECLARE
    org uuid := radar_current_org();
    acting uuid := radar_current_user();
    sessions integer;
    tokens integer;
BEGIN
    IF org IS NULL THEN
        RAISE EXCEPTION 'no organisation is set' USING ERRCODE = 'insufficient_privilege';
    END IF;
    DELETE FROM web_sessions w
     USING organisations o, memberships m
     WHERE o.id = org AND w.org_slug = o.slug AND m.org_id = org AND m.user_id = w.user_id
       AND w.user_id IS DISTINCT FROM acting;
    GET DIAGNOSTICS sessions = ROW_COUNT;
    UPDATE api_tokens t
       SET revoked_at = now()
      FROM memberships m
     WHERE m.org_id = org AND m.user_id = t.user_id AND t.user_id IS DISTINCT FROM acting
       AND t.revoked_at IS NULL AND t.name LIKE 'login %';
    GET DIAGNOSTICS tokens = ROW_COUNT;
    RETURN sessions + tokens;
END
$$;

REVOKE ALL ON FUNCTION radar_end_password_sign_ins() FROM PUBLIC;

GRANT EXECUTE ON FUNCTION radar_end_password_sign_ins() TO radar_app;
