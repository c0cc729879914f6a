-- Records a sign-in, a failed sign-in or a sign-out as an audit event of no organisation. The application role
-- may not write such events itself (audit_events_accounts admits only the owner), so this function does it for
-- these three actions only, and only with what is safe to keep: the e-mail tried (as actor), the account's id when
-- there is one, the client's address and a reason word; never a password.
CREATE OR REPLACE FUNCTION radar_audit_sign_in(happened text, tried text, client text, why text)
    RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp
AS $$
BEGIN
    IF happened NOT IN ('login', 'login_failed', 'logout') THEN
        RAISE EXCEPTION 'radar_audit_sign_in records sign-ins and sign-outs only, not %', happened
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    INSERT INTO audit_events (org_id, actor, action, entity, entity_id, details)
    VALUES (NULL, left(COALESCE(tried, ''), 320), happened, 'user',
            (SELECT u.id::text FROM users u WHERE u.email = lower(tried)),
            jsonb_strip_nulls(jsonb_build_object('address', left(client, 100), 'reason', left(why, 100))));
END
$$;

REVOKE ALL ON FUNCTION radar_audit_sign_in(text, text, text, text) FROM PUBLIC;

GRANT EXECUTE ON FUNCTION radar_audit_sign_in(text, text, text, text) TO radar_app;
