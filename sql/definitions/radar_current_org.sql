-- The organisation in scope: `radar.org_id`, set by the application on entering an organisation.
CREATE OR REPLACE FUNCTION radar_current_org() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT NULLIF(current_setting('radar.org_id', true), '')::uuid $$;
