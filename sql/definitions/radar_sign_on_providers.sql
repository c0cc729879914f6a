-- The sign-on providers the sign-in pages need before anyone is inside an organisation: the one of the
-- organisation `for_org`, or those vouching for the e-mail domain `for_domain`, or (both null) all of them, for
-- operators. The application role cannot list them itself: the table shows it the organisation entered only.
CREATE OR REPLACE FUNCTION radar_sign_on_providers(for_org text, for_domain text)
    RETURNS TABLE (org_slug text, label text, issuer text, client_id text, client_secret text, email_domains text[],
                   group_claim text, admin_groups text[], hr_groups text[], viewer_groups text[],
                   password_sign_in boolean)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = public, pg_temp
AS $$
    SELECT o.slug, p.label, p.issuer, p.client_id, p.client_secret, p.email_domains, p.group_claim, p.admin_groups,
           p.hr_groups, p.viewer_groups, p.password_sign_in
      FROM sign_on_providers p JOIN organisations o ON o.id = p.org_id
     WHERE (for_org IS NULL OR o.slug = for_org)
       AND (for_domain IS NULL OR p.email_domains @> ARRAY[for_domain])
     ORDER BY o.slug;
$$;

REVOKE ALL ON FUNCTION radar_sign_on_providers(text, text) FROM PUBLIC;

GRANT EXECUTE ON FUNCTION radar_sign_on_providers(text, text) TO radar_app;
