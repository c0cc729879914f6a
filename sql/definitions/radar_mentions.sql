-- Whether redacting would change the text; a cheap substring test first keeps scans of large tables fast.
CREATE OR REPLACE FUNCTION radar_mentions(body text, needles text[]) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
    SELECT body IS NOT NULL
       AND EXISTS (SELECT FROM unnest(needles) n WHERE strpos(lower(body), lower(n)) > 0)
       AND radar_redact(body, needles) IS DISTINCT FROM body
    $$;

CREATE OR REPLACE FUNCTION radar_mentions(body jsonb, needles text[]) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
    SELECT body IS NOT NULL
       AND EXISTS (SELECT FROM unnest(needles) n WHERE strpos(lower(body::text), lower(n)) > 0
                                                   OR strpos(lower(body::text), lower(to_jsonb(n)::text)) > 0)
       AND radar_redact(body, needles) IS DISTINCT FROM body
    $$;
