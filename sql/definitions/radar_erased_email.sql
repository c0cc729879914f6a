-- The e-mail an erased stakeholder is left with: unique per person, lower-case, and never deliverable.
CREATE OR REPLACE FUNCTION radar_erased_email(person uuid) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT 'erased-' || left(replace(person::text, '-', ''), 12) || '@invalid' $$;
