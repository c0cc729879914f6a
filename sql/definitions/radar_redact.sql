-- Replaces every whole-word, case-insensitive occurrence of each needle with '(erased)'. Needles shorter than
-- three characters are skipped, so an initial cannot wipe out every word that contains it.
CREATE OR REPLACE FUNCTION radar_redact(body text, needles text[]) RETURNS text
    LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    needle text;
BEGIN
    IF body IS NULL OR needles IS NULL THEN
        RETURN body;
    END IF;
    FOREACH needle IN ARRAY needles LOOP
        CONTINUE WHEN needle IS NULL OR length(btrim(needle)) < 3;
        -- Every character that is not a letter, digit or space is escaped, so the needle matches literally.
        body := regexp_replace(body,
            '(?<![[:alnum:]_])' || regexp_replace(needle, '([^[:alnum:][:space:]])', '\\\1', 'g')
                || '(?![[:alnum:]_])',
            '(erased)', 'gi');
    END LOOP;
    RETURN body;
END
$$;

-- The same for JSON, walking its strings (keys included) rather than replacing in its text, so escapes such as
-- \n or \" can neither hide a name nor be cut in half.
CREATE OR REPLACE FUNCTION radar_redact(body jsonb, needles text[]) RETURNS jsonb
    LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
BEGIN
    CASE jsonb_typeof(body)
        WHEN 'string' THEN
            RETURN to_jsonb(radar_redact(body #>> '{}', needles));
        WHEN 'array' THEN
            RETURN COALESCE((SELECT jsonb_agg(radar_redact(e.value, needles) ORDER BY e.position)
                               FROM jsonb_array_elements(body) WITH ORDINALITY AS e (value, position)), '[]');
        WHEN 'object' THEN
            RETURN COALESCE((SELECT jsonb_object_agg(radar_redact(e.key, needles), radar_redact(e.value, needles))
                               FROM jsonb_each(body) AS e), '{}');
        ELSE
            RETURN body;
    END CASE;
END
$$;
