CREATE OR REPLACE FUNCTION radar_current_user() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT NULLIF(current_setting('radar.user_id', true), '')::uuid $$;
