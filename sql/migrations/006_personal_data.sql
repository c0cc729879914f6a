-- Personal data on request (GDPR articles 15 and 17): helpers for `radar gdpr export` and `radar gdpr erase`.

-- An instant as ISO 8601 in UTC to the second, e.g. 2026-03-02T09:30:00Z, whatever the session's time zone.
CREATE FUNCTION radar_iso8601(t timestamptz) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') $$;

-- The e-mail an erased stakeholder is left with: unique per person, lower-case, and never deliverable.
CREATE FUNCTION radar_erased_email(person uuid) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT 'erased-' || left(replace(person::text, '-', ''), 12) || '@invalid' $$;

-- Replaces every whole-word, case-insensitive occurrence of each needle with '(erased)'. Needles shorter than
-- three characters are skipped, so an initial cannot wipe out every word that contains it.
CREATE FUNCTION radar_redact(body text, needles text[]) RETURNS text
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
CREATE FUNCTION radar_redact(body jsonb, needles text[]) RETURNS jsonb
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

-- Whether redacting would change the text; a cheap substring test first keeps scans of large tables fast.
CREATE FUNCTION radar_mentions(body text, needles text[]) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
    SELECT body IS NOT NULL
       AND EXISTS (SELECT FROM unnest(needles) n WHERE strpos(lower(body), lower(n)) > 0)
       AND radar_redact(body, needles) IS DISTINCT FROM body
    $$;

CREATE FUNCTION radar_mentions(body jsonb, needles text[]) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
    SELECT body IS NOT NULL
       AND EXISTS (SELECT FROM unnest(needles) n WHERE strpos(lower(body::text), lower(n)) > 0
                                                   OR strpos(lower(body::text), lower(to_jsonb(n)::text)) > 0)
       AND radar_redact(body, needles) IS DISTINCT FROM body
    $$;

-- The last step of erasing a stakeholder, run by the application role after it has cleared the person's free
-- text in the tenant tables. It scrubs the append-only trails the application may not update (details of events
-- about the person's row, their e-mail as actor, mentions of their name or e-mail, reasons on flags about them),
-- anonymises the stakeholder row and appends one 'erase' event with no personal data. The name and e-mail are
-- read from the row itself and the row is always anonymised, so the function cannot be used to rewrite the trail
-- without erasing someone, and every use leaves an 'erase' event. Returns the number of trail rows scrubbed.
CREATE FUNCTION radar_erase_stakeholder(person uuid) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp
AS $$
DECLARE
    org CONSTANT uuid := radar_current_org();
    needles text[];
    mail text;
    pseudonym CONSTANT text := radar_erased_email(person);
    actor text := radar_current_actor();
    audit_rows integer;
    flag_rows integer;
BEGIN
    IF org IS NULL THEN
        RAISE EXCEPTION 'no organisation is set' USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT ARRAY[s.name, s.email], s.email INTO needles, mail
      FROM stakeholders s WHERE s.org_id = org AND s.id = person;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'stakeholder % does not exist in this organisation', person USING ERRCODE = 'no_data_found';
    END IF;

    -- The row first, so that the audit event its trigger writes is scrubbed below like every other one.
    UPDATE stakeholders s
       SET name = 'Erased person', email = pseudonym, title = NULL, function = NULL, influence = NULL,
           interest = NULL, engagement = NULL, desired_engagement = NULL, hr_owner_id = NULL, active = false,
           left_on = NULL
     WHERE s.org_id = org AND s.id = person;

    UPDATE audit_events a
       SET details = CASE WHEN a.entity = 'stakeholder' AND a.entity_id = person::text THEN '{}'
                          ELSE radar_redact(a.details, needles) END,
           actor = CASE WHEN lower(a.actor) = mail THEN pseudonym ELSE radar_redact(a.actor, needles) END
     WHERE a.org_id = org
       AND ((a.entity = 'stakeholder' AND a.entity_id = person::text AND a.details <> '{}')
            OR lower(a.actor) = mail OR radar_mentions(a.actor, needles) OR radar_mentions(a.details, needles));
    GET DIAGNOSTICS audit_rows = ROW_COUNT;

    UPDATE flag_events e
       SET reason = CASE WHEN f.subject_kind = 'stakeholder' AND f.subject_id = person THEN NULL
                         ELSE radar_redact(e.reason, needles) END,
           actor = CASE WHEN lower(e.actor) = mail THEN pseudonym ELSE radar_redact(e.actor, needles) END
      FROM flags f
     WHERE e.org_id = org AND f.org_id = org AND f.id = e.flag_id
       AND ((f.subject_kind = 'stakeholder' AND f.subject_id = person AND e.reason IS NOT NULL)
            OR lower(e.actor) = mail OR radar_mentions(e.actor, needles) OR radar_mentions(e.reason, needles));
    GET DIAGNOSTICS flag_rows = ROW_COUNT;

    IF lower(actor) = mail THEN
        actor := pseudonym;
    END IF;
    INSERT INTO audit_events (org_id, actor, action, entity, entity_id)
    VALUES (org, actor, 'erase', 'stakeholder', person::text);
    RETURN audit_rows + flag_rows;
END
$$;
REVOKE ALL ON FUNCTION radar_erase_stakeholder(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION radar_erase_stakeholder(uuid) TO radar_app;
