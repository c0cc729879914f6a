CREATE OR REPLACE FUNCTION radar_current_actor() RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT COALESCE(NULLIF(current_setting('radar.actor', true), ''), session_user::text) $$;
