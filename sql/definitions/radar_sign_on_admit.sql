-- Admits a person a sign-on provider vouched for to the organisation `for_org`: finds their account by the
-- provider's identity (`token_issuer`, `token_subject`) when it has been seen before, else by e-mail, binding the
-- identity to it; creates the account the first time (without a password), and gives them `member_role` there;
-- with no role (their groups map to none any more) removes their membership and signs them out everywhere.
-- An e-mail whose account is already bound to another identity of the same issuer is refused (`identity_mismatch`).
-- Answers the outcome (`admitted`, `no_role`, `disabled`, `identity_mismatch`) and the account with every
-- membership. The organisation becomes the transaction's, so the audit lands in it.
CREATE OR REPLACE FUNCTION radar_sign_on_admit(for_org text, member_email text, member_name text, member_role text,
                                               token_issuer text, token_subject text)
    RETURNS TABLE (outcome text, id uuid, email text, display_name text, disabled_at timestamptz,
                   created_at timestamptz, org_slugs text[], roles text[])
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = public, pg_temp
AS $$
DECLARE
    org uuid := radar_org_id(for_org);
    person uuid;
    result text := 'admitted';
BEGIN
    IF org IS NULL THEN
        RAISE EXCEPTION 'no organisation %', for_org USING ERRCODE = 'no_data_found';
    END IF;
    PERFORM set_config('radar.org_id', org::text, true);
    SELECT i.user_id INTO person FROM sign_on_identities i
     WHERE i.issuer = token_issuer AND i.subject = token_subject;
    IF person IS NOT NULL THEN
        UPDATE sign_on_identities i SET last_seen_at = now()
         WHERE i.issuer = token_issuer AND i.subject = token_subject;
    ELSE
        SELECT u.id INTO person FROM users u WHERE u.email = member_email;
        IF person IS NOT NULL AND EXISTS (SELECT FROM sign_on_identities i
                                           WHERE i.user_id = person AND i.issuer = token_issuer) THEN
            RETURN QUERY SELECT 'identity_mismatch'::text, NULL::uuid, member_email, member_name, NULL::timestamptz,
                                NULL::timestamptz, '{}'::text[], '{}'::text[];
            RETURN;
        END IF;
    END IF;
    IF member_role IS NULL THEN
        result := 'no_role';
        IF person IS NOT NULL AND EXISTS (SELECT FROM memberships m WHERE m.org_id = org AND m.user_id = person) THEN
            DELETE FROM memberships m WHERE m.org_id = org AND m.user_id = person;
            UPDATE api_tokens t SET revoked_at = now() WHERE t.user_id = person AND t.revoked_at IS NULL;
            DELETE FROM web_sessions w WHERE w.user_id = person;
        END IF;
    ELSE
        IF person IS NULL THEN
            INSERT INTO users (email, display_name, password_hash, must_change_password)
            VALUES (member_email, member_name, NULL, false)
            RETURNING users.id INTO person;
        END IF;
        INSERT INTO sign_on_identities (issuer, subject, user_id) VALUES (token_issuer, token_subject, person)
        ON CONFLICT (issuer, subject) DO NOTHING;
        IF EXISTS (SELECT FROM users u WHERE u.id = person AND u.disabled_at IS NOT NULL) THEN
            result := 'disabled';
        ELSE
            INSERT INTO memberships (org_id, user_id, role) VALUES (org, person, member_role::member_role)
            ON CONFLICT (org_id, user_id) DO UPDATE SET role = EXCLUDED.role
             WHERE memberships.role IS DISTINCT FROM EXCLUDED.role;
        END IF;
    END IF;
    RETURN QUERY
    SELECT result, u.id, u.email, u.display_name, u.disabled_at, u.created_at,
           ARRAY(SELECT o.slug FROM memberships m JOIN organisations o ON o.id = m.org_id
                  WHERE m.user_id = u.id ORDER BY o.slug),
           ARRAY(SELECT m.role::text FROM memberships m JOIN organisations o ON o.id = m.org_id
                  WHERE m.user_id = u.id ORDER BY o.slug)
      FROM users u WHERE u.id = person;
    IF person IS NULL THEN
        RETURN QUERY SELECT result, NULL::uuid, member_email, member_name, NULL::timestamptz, NULL::timestamptz,
                            '{}'::text[], '{}'::text[];
    END IF;
END
$$;

REVOKE ALL ON FUNCTION radar_sign_on_admit(text, text, text, text, text, text) FROM PUBLIC;

GRANT EXECUTE ON FUNCTION radar_sign_on_admit(text, text, text, text, text, text) TO radar_app;
