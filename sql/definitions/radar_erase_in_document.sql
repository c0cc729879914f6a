-- A stored document (an archived digest) with every entry about the person whose e-mail is `mail` emptied of what
-- they said, promised or were described as: an entry is about them when its `email`, `owner_email` or, on a
-- stakeholder flag, `subject` is theirs. Statements, messages and notes become '(erased)' (the digest's renderers
-- need some text there), descriptions, mitigations, titles and reasons go, evidence becomes empty. Their name and
-- e-mail are left for radar_redact, which runs after this and also catches them in other entries' free text.
CREATE OR REPLACE FUNCTION radar_erase_in_document(document jsonb, mail text) RETURNS jsonb
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    walked jsonb;
    key text;
BEGIN
    IF document IS NULL OR mail IS NULL THEN
        RETURN document;
    END IF;
    CASE jsonb_typeof(document)
        WHEN 'array' THEN
            SELECT COALESCE(jsonb_agg(radar_erase_in_document(e.value, mail) ORDER BY e.position), '[]')
              INTO walked
              FROM jsonb_array_elements(document) WITH ORDINALITY AS e(value, position);
            RETURN walked;
        WHEN 'object' THEN
            SELECT COALESCE(jsonb_object_agg(e.key, radar_erase_in_document(e.value, mail)), '{}')
              INTO walked
              FROM jsonb_each(document) AS e;
        ELSE
            RETURN document;
    END CASE;
    IF lower(mail) = lower(walked ->> 'email') OR lower(mail) = lower(walked ->> 'owner_email')
       OR (walked ->> 'subject_type' = 'stakeholder' AND lower(mail) = lower(walked ->> 'subject')) THEN
        FOREACH key IN ARRAY ARRAY['statement', 'message', 'note'] LOOP
            IF walked ? key THEN
                walked := jsonb_set(walked, ARRAY[key], '"(erased)"');
            END IF;
        END LOOP;
        IF walked ? 'evidence' THEN
            walked := jsonb_set(walked, '{evidence}', '[]');
        END IF;
        walked := walked - ARRAY['description', 'mitigation', 'title', 'reason'];
    END IF;
    RETURN walked;
END
$$;
